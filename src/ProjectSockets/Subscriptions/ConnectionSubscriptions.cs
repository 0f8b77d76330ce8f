namespace ProjectSockets;

/// <summary>The projects one connection follows, with their event filters.</summary>
internal sealed class ConnectionSubscriptions
{
    private readonly Dictionary<string, EventFilter> _subscriptions = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_subscriptions)
            {
                return _subscriptions.Count;
            }
        }
    }

    public bool IsSubscribed(string project)
    {
        lock (_subscriptions)
        {
            return _subscriptions.ContainsKey(project);
        }
    }

    public void Set(string project, EventFilter filter)
    {
        lock (_subscriptions)
        {
            _subscriptions[project] = filter;
        }
    }

    public bool Remove(string project)
    {
        lock (_subscriptions)
        {
            return _subscriptions.Remove(project);
        }
    }

    public string[] GetProjects()
    {
        lock (_subscriptions)
        {
            return [.. _subscriptions.Keys];
        }
    }
}
