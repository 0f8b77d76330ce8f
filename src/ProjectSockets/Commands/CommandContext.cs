using System.Security.Claims;

namespace ProjectSockets;

/// <summary>Who sent a command, about which project, and the services of its invocation's scope.</summary>
public sealed class CommandContext
{
    internal CommandContext(string connectionId, ConnectionRequest request, string command, string? commandId, string? project, IServiceProvider services)
    {
        ConnectionId = connectionId;
        Request = request;
        Command = command;
        CommandId = commandId;
        Project = project;
        Services = services;
    }

    /// <summary>Gets the id of the connection that sent the command.</summary>
    public string ConnectionId { get; }

    /// <summary>Gets what the host learned at that connection's handshake.</summary>
    public ConnectionRequest Request { get; }

    /// <summary>Gets the user of the connection.</summary>
    public ClaimsPrincipal User => Request.User;

    /// <summary>Gets the id of the connection's user (see <see cref="IUserIdProvider"/>), or <see langword="null"/> when anonymous.</summary>
    public string? UserId => Request.UserId;

    /// <summary>Gets the command name.</summary>
    public string Command { get; }

    /// <summary>Gets the client's command id, or <see langword="null"/> when it wants no result on success.</summary>
    public string? CommandId { get; }

    /// <summary>Gets the project the command is about, or <see langword="null"/> (the route project is not filled in).</summary>
    public string? Project { get; }

    /// <summary>Gets the services of this invocation's scope.</summary>
    public IServiceProvider Services { get; }
}
