namespace ProjectSockets.Client.Internal;

/// <summary>
/// The application's event handlers, as an immutable array swapped on change: the receive loop reads it without a
/// lock, and a handler may add or remove handlers while it runs.
/// </summary>
internal sealed class EventHandlerRegistry
{
    private EventHandlerEntry[] _entries = [];

    public EventHandlerEntry[] Entries => Volatile.Read(ref _entries);

    public IDisposable Add(EventHandlerEntry entry)
    {
        Update(entries => [.. entries, entry]);
        return new Registration(this, entry);
    }

    private void Remove(EventHandlerEntry entry) => Update(entries => Array.FindAll(entries, e => !ReferenceEquals(e, entry)));

    private void Update(Func<EventHandlerEntry[], EventHandlerEntry[]> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _entries);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _entries, change(current), current), current))
            {
                return;
            }
        }
    }

    private sealed class Registration(EventHandlerRegistry registry, EventHandlerEntry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                registry.Remove(entry);
            }
        }
    }
}
