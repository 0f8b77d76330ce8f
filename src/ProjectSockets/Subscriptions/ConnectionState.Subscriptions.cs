namespace ProjectSockets;

internal sealed partial class ConnectionState
{
    public int SubscriptionCount
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

    public void SetSubscription(string project, EventFilter filter)
    {
        lock (_subscriptions)
        {
            _subscriptions[project] = filter;
        }
    }

    public bool RemoveSubscription(string project)
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
