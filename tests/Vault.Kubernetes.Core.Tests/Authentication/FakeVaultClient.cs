// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Authentication;

/// <summary>
/// A VaultClient that never touches the network: Kubernetes logins issue "hvs.fake-N" tokens with Vault's TTL
/// arithmetic (renew-self returns min(TTL, max TTL left) and warns when capped), and every call is recorded and signalled.
/// </summary>
internal sealed class FakeVaultClient : VaultClient
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _issued = [];
    private readonly HashSet<string> _revoked = [];
    private int _tokenCounter;

    public FakeVaultClient(TimeProvider time) => _time = time;

    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromHours(4);

    public bool Renewable { get; set; } = true;

    /// <summary>When set, logins throw it.</summary>
    public Exception? LoginFailure { get; set; }

    /// <summary>When set, renewals throw it.</summary>
    public Exception? RenewFailure { get; set; }

    /// <summary>When set, logins wait for it before answering.</summary>
    public TaskCompletionSource? LoginGate { get; set; }

    public IVaultTokenProvider? ProviderSeen { get; private set; }

    public CallCounter LoginsStarted { get; } = new();

    public CallCounter Logins { get; } = new();

    public CallCounter Renewals { get; } = new();

    public List<string> LoginJwts { get; } = [];

    public List<(string Role, string MountPath)> LoginTargets { get; } = [];

    public List<DateTimeOffset> LoginTimes { get; } = [];

    public List<string> RevokedTokens { get; } = [];

    public List<string> IssuedTokens { get; } = [];

    public override VaultClient WithTokenProvider(IVaultTokenProvider tokenProvider)
    {
        ProviderSeen = tokenProvider;
        return this;
    }

    public override async Task<VaultResponse> LoginKubernetesAsync(string role, SecretString jwt, string mountPath = "kubernetes", CancellationToken cancellationToken = default)
    {
        lock (LoginJwts)
        {
            LoginJwts.Add(jwt.Reveal());
            LoginTargets.Add((role, mountPath));
            LoginTimes.Add(_time.GetUtcNow());
        }

        LoginsStarted.Increment();

        try
        {
            if (LoginGate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (LoginFailure is { } failure)
            {
                throw failure;
            }

            string token = $"hvs.fake-{Interlocked.Increment(ref _tokenCounter)}-{Guid.NewGuid():N}";
            lock (_issued)
            {
                _issued[token] = _time.GetUtcNow();
                IssuedTokens.Add(token);
            }

            return VaultModelFactory.VaultResponse(auth: VaultModelFactory.VaultAuthInfo(
                new SecretString(token), Min(TokenTtl, MaxTtl), Renewable, accessor: "accessor-" + _tokenCounter, policies: ["default", "app"]));
        }
        finally
        {
            Logins.Increment();
        }
    }

    public override Task<VaultResponse> RenewSelfAsync(SecretString token, TimeSpan? increment = null, CancellationToken cancellationToken = default)
    {
        try
        {
            if (RenewFailure is { } failure)
            {
                throw failure;
            }

            DateTimeOffset issuedAt;
            lock (_issued)
            {
                if (!_issued.TryGetValue(token.Reveal(), out issuedAt) || _revoked.Contains(token.Reveal()))
                {
                    throw new VaultException(403, "auth/token/renew-self", ["permission denied", "invalid token"]);
                }
            }

            TimeSpan left = issuedAt + MaxTtl - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new VaultException(400, "auth/token/renew-self", ["past the max TTL, cannot renew"]);
            }

            TimeSpan wanted = increment ?? TokenTtl;
            TimeSpan ttl = TimeSpan.FromSeconds(Math.Floor(Min(wanted, left).TotalSeconds));
            IReadOnlyList<string>? warnings = ttl < wanted
                ? [$"TTL of \"{wanted}\" exceeded the effective max_ttl of \"{ttl}\"; TTL value is capped accordingly"]
                : null;
            return Task.FromResult(VaultModelFactory.VaultResponse(
                warnings: warnings,
                auth: VaultModelFactory.VaultAuthInfo(token, ttl, Renewable)));
        }
        finally
        {
            Renewals.Increment();
        }
    }

    public override Task RevokeSelfAsync(SecretString token, CancellationToken cancellationToken = default)
    {
        lock (_issued)
        {
            _revoked.Add(token.Reveal());
            RevokedTokens.Add(token.Reveal());
        }

        return Task.CompletedTask;
    }

    public override Task<VaultResponse> LookupSelfAsync(SecretString token, CancellationToken cancellationToken = default)
    {
        JsonElement data = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["accessor"] = "root-accessor",
            ["ttl"] = (long)TokenTtl.TotalSeconds,
            ["renewable"] = Renewable,
            ["policies"] = new[] { "root" },
            ["type"] = "service",
        });
        return Task.FromResult(VaultModelFactory.VaultResponse(data: data));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
