using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace AgentDashboard.Api;

/// <summary>
/// The publish endpoint's request body cap, <see cref="SampleOptions.MaxPublishBytes"/>: read when a request arrives,
/// so that the settings are validated at start-up, not while the endpoints are mapped.
/// </summary>
internal sealed class PublishBodyLimit(IOptions<SampleOptions> options) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => options.Value.MaxPublishBytes;
}
