namespace ProjectSockets;

/// <summary>Runs one registered command: reads its arguments, calls the handler, returns the result's data.</summary>
/// <param name="args">The raw JSON of <c>args</c>, or <see langword="null"/>.</param>
/// <param name="context">The invocation's context.</param>
/// <param name="cancellationToken">Cancelled on timeout or when the connection ends.</param>
/// <returns>The result's data, serialized to UTF-8 JSON.</returns>
internal delegate ValueTask<byte[]> CommandInvoker(byte[]? args, CommandContext context, CancellationToken cancellationToken);
