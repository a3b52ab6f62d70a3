// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing;

/// <summary>Options for <see cref="VaultDevServer"/>.</summary>
public sealed partial class VaultDevServerOptions
{
    /// <summary>Gets or sets the server clock: token and lease TTLs, KV timestamps and outage windows follow it.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>; tests pass a FakeTimeProvider and advance it to expire TTLs.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the clock used to wait out injected latency (independent of <see cref="TimeProvider"/>).</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/> (real delays).</value>
    public TimeProvider LatencyTimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the root token id.</summary>
    /// <value>Defaults to <see langword="null"/>: a random <c>hvs.</c> token.</value>
    public string? RootTokenId { get; set; }

    /// <summary>Gets or sets the loopback port to listen on.</summary>
    /// <value>Defaults to 0: a free port chosen by the operating system.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets a value indicating whether to serve HTTPS with a generated self-signed CA (see <see cref="VaultDevServer.CaCertificatePem"/>).</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool UseTls { get; set; }

    /// <summary>Gets or sets a value indicating whether HTTPS offers HTTP/2 in ALPN, as Vault does; <see langword="false"/> serves HTTP/1.1 only (a proxy or server without HTTP/2).</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool EnableHttp2 { get; set; } = true;

    /// <summary>Gets the KV mounts created at start: mount path → KV version (1 or 2).</summary>
    /// <value>Defaults to <c>secret</c> → 2 and <c>kv</c> → 1, like <c>vault server -dev</c> plus a v1 mount.</value>
    public IDictionary<string, int> KvMounts { get; } = new Dictionary<string, int>(StringComparer.Ordinal) { ["secret"] = 2, ["kv"] = 1 };

    /// <summary>Gets or sets the system default TTL for tokens and leases.</summary>
    /// <value>Defaults to 768 hours (Vault's default).</value>
    public TimeSpan DefaultLeaseTtl { get; set; } = TimeSpan.FromHours(768);

    /// <summary>Gets or sets the system max TTL for tokens and leases.</summary>
    /// <value>Defaults to 768 hours (Vault's default).</value>
    public TimeSpan MaxLeaseTtl { get; set; } = TimeSpan.FromHours(768);

    /// <summary>Gets or sets the random source for fraction-based fault injection (a value in [0, 1)).</summary>
    /// <value>Defaults to <see langword="null"/>: a shared pseudo-random generator. Pass a seeded source for deterministic tests.</value>
    public Func<double>? RandomSource { get; set; }

    /// <summary>Gets or sets the version string reported by sys/health and sys/seal-status.</summary>
    /// <value>Defaults to "1.19.0".</value>
    public string Version { get; set; } = "1.19.0";
}
