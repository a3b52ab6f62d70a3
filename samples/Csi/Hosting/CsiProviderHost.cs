// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Csi.Diagnostics;
using Vault.Kubernetes.Csi.Mounting;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Csi.Hosting;

/// <summary>Composes the provider: Kestrel on the Unix socket (HTTP/2, plaintext, protected by file mode), the gRPC service, and Core's session cache and engine.</summary>
internal static class CsiProviderHost
{
    /// <summary>Builds the host; call <c>StartAsync</c> then <see cref="RestrictSocket"/>.</summary>
    /// <param name="options">The provider options.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for the console.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="tokenRequester">The token fallback, or <see langword="null"/> to refuse token-less mounts.</param>
    /// <returns>The application.</returns>
    public static WebApplication Build(CsiProviderOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IPodTokenRequester? tokenRequester = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        TimeProvider clock = timeProvider ?? TimeProvider.System;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        if (loggerFactory is not null)
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
        }

        string socket = Path.GetFullPath(options.SocketPath);
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        if (File.Exists(socket))
        {
            // A socket left by a crashed provider makes the bind fail; the driver only ever dials the newest one.
            File.Delete(socket);
            loggerFactory?.CreateLogger("Vault.Kubernetes.Csi").StaleSocketRemoved(socket);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(socket, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(clock);
        // In a cluster the provider can ask the API server for a pod token; elsewhere a token-less mount is refused with what to configure.
        builder.Services.AddSingleton(tokenRequester ?? (IPodTokenRequester?)ApiServerPodTokenRequester.FromInCluster(Environment.GetEnvironmentVariable) ?? new UnavailablePodTokenRequester());
        builder.Services.AddSingleton(sp => new VaultSessionCache(loggerFactory: sp.GetRequiredService<ILoggerFactory>(), timeProvider: clock));
        builder.Services.AddSingleton(sp => new SecretSyncEngine(
            sp.GetRequiredService<VaultSessionCache>(),
            new NullSecretSink(),
            loggerFactory: sp.GetRequiredService<ILoggerFactory>(),
            timeProvider: clock));
        builder.Services.AddSingleton(sp => new CsiMounter(
            sp.GetRequiredService<SecretSyncEngine>(),
            new ObjectVersioner(options.VersionKey ?? RandomNumberGenerator.GetBytes(32)),
            sp.GetRequiredService<IPodTokenRequester>(),
            options.VaultAddress,
            options.AuthMountPath));

        WebApplication app = builder.Build();
        app.MapGrpcService<CsiProviderService>();
        return app;
    }

    /// <summary>Restricts the socket to its owner (the driver runs as root): the gRPC channel has no other authentication.</summary>
    /// <param name="options">The provider options.</param>
    public static void RestrictSocket(CsiProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        File.SetUnixFileMode(Path.GetFullPath(options.SocketPath), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
