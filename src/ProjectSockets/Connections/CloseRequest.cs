namespace ProjectSockets;

/// <summary>How a connection was asked to close; set once, by the first request.</summary>
/// <param name="Code">The close code.</param>
/// <param name="Reason">The close reason.</param>
/// <param name="SendDisconnected">Whether a <c>disconnected</c> message goes before the close frame.</param>
/// <param name="DiscardPending">Whether what is still queued is dropped rather than sent first.</param>
internal sealed record CloseRequest(int Code, string Reason, bool SendDisconnected, bool DiscardPending);
