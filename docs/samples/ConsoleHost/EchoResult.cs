namespace ConsoleHost;

/// <summary>What <c>echo</c> answers.</summary>
/// <param name="Text">The text it was sent.</param>
/// <param name="ConnectionId">The id of the connection that sent it.</param>
internal sealed record EchoResult(string? Text, string ConnectionId);
