namespace ProjectSockets;

/// <summary>The command's <c>args</c> could not be read as the handler's argument type.</summary>
internal sealed class InvalidCommandArgumentsException(Exception innerException)
    : Exception("The command's arguments are not valid.", innerException);
