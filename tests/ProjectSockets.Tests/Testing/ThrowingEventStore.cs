namespace ProjectSockets.Tests.Testing;

/// <summary>The in-memory store, except that attaching to a project whose id starts with <c>boom</c> throws.</summary>
internal sealed class ThrowingEventStore(TimeProvider timeProvider) : IProjectEventStore
{
    public const string SecretText = "redis://admin:hunter2@cache";

    private readonly InMemoryProjectEventStore _inner = new(Microsoft.Extensions.Options.Options.Create(new ProjectSocketsOptions()), timeProvider);

    public void RegisterSink(IProjectEventSink sink) => _inner.RegisterSink(sink);

    public ValueTask<PublishResult> AppendAsync(string project, string eventName, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        => _inner.AppendAsync(project, eventName, data, cancellationToken);

    public ValueTask<TResult> AttachAsync<TResult>(string project, long? since, string? epoch, Func<ProjectAttachment, TResult> attach, CancellationToken cancellationToken = default)
        => project.StartsWith("boom", StringComparison.Ordinal)
            ? throw new InvalidOperationException(SecretText)
            : _inner.AttachAsync(project, since, epoch, attach, cancellationToken);

    public void Detach(string project) => _inner.Detach(project);
}
