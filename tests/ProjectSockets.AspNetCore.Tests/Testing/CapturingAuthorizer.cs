namespace ProjectSockets.AspNetCore.Tests.Testing;

/// <summary>Allows everything and keeps the first <see cref="ConnectionRequest"/> the core asks about.</summary>
internal sealed class CapturingAuthorizer : IProjectAuthorizer
{
    private readonly TaskCompletionSource<ConnectionRequest> _request = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource<string?> _userId = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ConnectionRequest> Request => _request.Task.WaitAsync(KestrelHost.Timeout);

    /// <summary>Gets the user id the first request carried when the authorizer was asked (not later).</summary>
    public Task<string?> UserId => _userId.Task.WaitAsync(KestrelHost.Timeout);

    public ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default)
    {
        _userId.TrySetResult(request.UserId);
        _request.TrySetResult(request);
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default)
    {
        _userId.TrySetResult(request.UserId);
        _request.TrySetResult(request);
        return ValueTask.FromResult(true);
    }
}
