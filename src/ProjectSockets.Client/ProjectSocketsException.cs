namespace ProjectSockets.Client;

/// <summary>The base of the errors a <see cref="ProjectSocketsClient"/> reports.</summary>
public class ProjectSocketsException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsException"/> class.</summary>
    public ProjectSocketsException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ProjectSocketsException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ProjectSocketsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
