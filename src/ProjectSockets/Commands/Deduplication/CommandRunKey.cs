namespace ProjectSockets;

/// <summary>Names one command of one client session: the session, the client's command id, and what it asked for.</summary>
/// <param name="Session">The session id the server derived from the user and the session key; never the key itself.</param>
/// <param name="CommandId">The client's command id.</param>
/// <param name="Command">The command name.</param>
/// <param name="Project">The project the command is about, or <see langword="null"/>.</param>
public sealed record CommandRunKey(string Session, string CommandId, string Command, string? Project);
