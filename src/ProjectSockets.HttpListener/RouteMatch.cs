namespace ProjectSockets;

/// <summary>The outcome of matching a request target against the endpoint's paths.</summary>
/// <param name="IsEndpoint">Whether the path is <c>{PathPrefix}</c> or <c>{PathPrefix}/{projectId}</c>.</param>
/// <param name="Project">The route project, percent-decoded once; <see langword="null"/> for <c>{PathPrefix}</c>.</param>
/// <param name="QueryString">The raw query string with its leading <c>?</c>, or <see langword="null"/>.</param>
internal readonly record struct RouteMatch(bool IsEndpoint, string? Project, string? QueryString)
{
    public static RouteMatch NotFound => default;
}
