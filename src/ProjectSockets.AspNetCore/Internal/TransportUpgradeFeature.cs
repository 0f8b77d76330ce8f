using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ProjectSockets.AspNetCore;

/// <summary>
/// Put in front of the WebSocket middleware of the endpoint's pipeline: the HTTP/1.1 upgrade hands the WebSocket
/// the connection's stream wrapped in a <see cref="WebSocketTransportStream"/>, so that a frame waiting for a slow
/// client holds no buffer (Kestrel copies each write into its own output before the write returns).
/// </summary>
internal sealed class TransportUpgradeFeature(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
{
    /// <summary>Gets the wrapped stream once the upgrade happened.</summary>
    public WebSocketTransportStream? Transport { get; private set; }

    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync()
    {
        Transport = new WebSocketTransportStream(await inner.UpgradeAsync().ConfigureAwait(false));
        return Transport;
    }

    /// <summary>Replaces the request's upgrade feature, when it has one, before the WebSocket middleware reads it.</summary>
    public static Task WrapAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new TransportUpgradeFeature(upgrade));
        }

        return next(context);
    }
}
