namespace ProjectSockets.Client.Internal;

/// <summary>How one connection ended.</summary>
/// <param name="CloseCode">The close code, or <see langword="null"/> when the connection broke without one.</param>
/// <param name="Reason">The close reason or a short description.</param>
/// <param name="ServerAdvice">The <c>reconnect</c> flag of the server's <c>disconnected</c> message, when it sent one.</param>
/// <param name="Exception">The error, when there was one.</param>
internal sealed record SessionOutcome(int? CloseCode, string? Reason, bool? ServerAdvice, Exception? Exception)
{
    public bool ShouldReconnect => ReconnectBackoff.ShouldReconnect(CloseCode, ServerAdvice);

    public ProjectSocketsConnectionException ToException(string message)
        => new(message, Exception) { CloseCode = CloseCode };
}
