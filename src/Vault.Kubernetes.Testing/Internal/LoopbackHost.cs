// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Vault.Kubernetes.Testing.Tls;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>The Kestrel listener both dev servers run on: 127.0.0.1, optional HTTPS from a dev CA, one terminal handler.</summary>
internal static class LoopbackHost
{
    /// <summary>Starts listening; returns the app (dispose it to stop) and the bound base address ending in '/'.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(int port, DevCertificateAuthority? certificateAuthority, RequestDelegate handler, CancellationToken cancellationToken, bool http2 = true)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                // HTTP/2 over TLS (ALPN) for clients that ask for it, HTTP/1.1 in cleartext.
                listen.Protocols = http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                if (certificateAuthority is not null)
                {
                    listen.UseHttps(certificateAuthority.ServerCertificate);
                }
            });
        });
        WebApplication app = builder.Build();
        try
        {
            app.Run(handler);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return (app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
