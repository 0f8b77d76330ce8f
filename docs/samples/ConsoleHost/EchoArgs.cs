namespace ConsoleHost;

/// <summary>The arguments of <c>echo</c>.</summary>
/// <param name="Text">The text to send back.</param>
internal sealed record EchoArgs(string? Text);
