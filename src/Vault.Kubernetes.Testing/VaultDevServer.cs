// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Tls;

namespace Vault.Kubernetes.Testing;

/// <summary>
/// An embedded HashiCorp Vault dev server on 127.0.0.1: the documented API subset (tokens, ACL policies, KV v1/v2,
/// health, mounts) with Vault's envelope, status codes, error strings and TTL arithmetic, plus a controllable clock,
/// fault injection, a request log and in-process handles to seed and inspect state.
/// </summary>
/// <example>
/// <code>
/// await using VaultDevServer vault = await VaultDevServer.StartAsync();
/// vault.WriteKvSecret("secret", "app", new Dictionary&lt;string, object?&gt; { ["password"] = "p@ss" });
/// // point a client at vault.Address with vault.RootToken
/// </code>
/// </example>
public sealed partial class VaultDevServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DevCertificateAuthority? _certificateAuthority;
    private int _disposed;

    private VaultDevServer(VaultCore core, WebApplication app, DevCertificateAuthority? certificateAuthority, Uri address)
    {
        Core = core;
        _app = app;
        _certificateAuthority = certificateAuthority;
        Address = address;
    }

    /// <summary>Gets the base address, for example <c>http://127.0.0.1:41234/</c> (API paths are under <c>v1/</c>).</summary>
    public Uri Address { get; }

    /// <summary>Gets the root token (policies ["root"], never expires).</summary>
    public string RootToken => Core.RootToken.Id;

    /// <summary>Gets the PEM of the CA that signed the HTTPS certificate, or <see langword="null"/> when TLS is off.</summary>
    public string? CaCertificatePem => _certificateAuthority?.CaCertificatePem;

    /// <summary>Gets the server clock.</summary>
    public TimeProvider TimeProvider => Core.Clock;

    /// <summary>Gets the fault injector.</summary>
    public VaultDevServerFaults Faults => Core.Faults;

    /// <summary>Gets a snapshot of the requests received so far (method, path, status, time; never bodies or tokens).</summary>
    public System.Collections.Generic.IReadOnlyList<VaultRequestLogEntry> RequestLog => Core.RequestLog;

    /// <summary>Gets the server core for plug-ins in this assembly.</summary>
    internal VaultCore Core { get; }

    /// <summary>Starts a dev server on a loopback port.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    /// <exception cref="ArgumentException">The options are invalid (a KV mount path that collides, or a KV version other than 1 or 2).</exception>
    /// <exception cref="ArgumentNullException">A clock in the options is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is negative.</exception>
    public static async Task<VaultDevServer> StartAsync(VaultDevServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new VaultDevServerOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentNullException.ThrowIfNull(options.LatencyTimeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);

        var core = new VaultCore(options);
        DevCertificateAuthority? certificateAuthority = options.UseTls ? DevCertificateAuthority.Create(TimeProvider.System.GetUtcNow()) : null;
        try
        {
            (WebApplication app, Uri address) = await LoopbackHost.StartAsync(options.Port, certificateAuthority, core.HandleHttpAsync, cancellationToken, options.EnableHttp2).ConfigureAwait(false);
            return new VaultDevServer(core, app, certificateAuthority, address);
        }
        catch
        {
            certificateAuthority?.Dispose();
            core.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server and releases its port.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _certificateAuthority?.Dispose();
        Core.Dispose();
    }
}
