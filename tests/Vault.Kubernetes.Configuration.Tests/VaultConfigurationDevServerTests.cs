// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Configuration;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;
using Vault.Kubernetes.Testing;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Configuration.Tests;

/// <summary>The provider end to end over HTTP against the embedded dev server: Kubernetes login from a token volume, KV v2, database credentials.</summary>
public sealed class VaultConfigurationDevServerTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly string _volumeDirectory = Path.Combine(Path.GetTempPath(), "vk-config-" + Guid.NewGuid().ToString("N"));
    private VaultDevServer _server = null!;
    private ServiceAccountTokenVolume _volume = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await VaultDevServer.StartAsync(new VaultDevServerOptions { TimeProvider = _time }, TestContext.Current.CancellationToken);
        _server.SetPolicy("app", """path "secret/data/app" { capabilities = ["read"] } path "secret/metadata/app" { capabilities = ["read"] } path "database/creds/app" { capabilities = ["read"] }""");
        _server.Kubernetes.EnableAuth();
        _server.Kubernetes.WriteRole("app", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = "app",
            ["bound_service_account_namespaces"] = "default",
            ["token_policies"] = "app",
            ["token_ttl"] = "1h",
            ["token_max_ttl"] = "4h",
        });
        _server.Database.EnableEngine();
        _server.Database.WriteRole("app", new Dictionary<string, object?> { ["db_name"] = "postgres", ["creation_statements"] = "CREATE ROLE", ["default_ttl"] = "1h", ["max_ttl"] = "3h" });
        _server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["ApiKey"] = "kv-value-1" });
        _volume = await _server.Kubernetes.CreateTokenVolumeAsync(_volumeDirectory, "default", "app", cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _volume.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_volumeDirectory, recursive: true);
    }

    [Fact]
    public async Task Load_KubernetesLoginKvAndDatabase_ServesValidCredentialsForHours()
    {
        IConfigurationRoot config = Build();
        VaultConfigurationProvider provider = config.Providers.OfType<VaultConfigurationProvider>().Single();

        Assert.Equal("kv-value-1", config["App:ApiKey"]);
        string firstUser = config["Database:username"]!;
        Assert.True(_server.Database.IsValid(firstUser, config["Database:password"]!));
        Assert.Equal($"User Id={firstUser};Password={config["Database:password"]}", config["Database:ConnectionString"]);

        // Six simulated hours in 30-second steps: database leases renew, hit their 3h max and rotate; the session's token renews and
        // re-logs in past its 4h max with a token read from the rotating volume; at no step does configuration hold dead credentials.
        _server.WriteKvSecret("secret", "app", new Dictionary<string, object?> { ["ApiKey"] = "kv-value-2" });
        var users = new HashSet<string>(StringComparer.Ordinal);
        for (int step = 0; step < 6 * 120; step++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await provider.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);
            string user = config["Database:username"]!;
            users.Add(user);
            Assert.True(_server.Database.IsValid(user, config["Database:password"]!), $"expired credentials in configuration at {_time.GetUtcNow():O}");
        }

        Assert.Equal("kv-value-2", config["App:ApiKey"]);
        Assert.InRange(users.Count, 2, 4);
        Assert.All(provider.GetSecretStates(), s => Assert.Equal(0, s.ConsecutiveFailures));
    }

    [Fact]
    public void Load_RecursiveKvV2Folder_ListsThroughMetadataOverHttp()
    {
        _server.SetPolicy("app", """path "secret/data/apps/*" { capabilities = ["read"] } path "secret/metadata/apps/*" { capabilities = ["read", "list"] } path "secret/metadata/apps" { capabilities = ["list"] }""");
        _server.WriteKvSecret("secret", "apps/web", new Dictionary<string, object?> { ["Url"] = "https://web" });
        _server.WriteKvSecret("secret", "apps/jobs/nightly", new Dictionary<string, object?> { ["Cron"] = "0 2 * * *" });

        IConfigurationRoot config = new ConfigurationBuilder()
            .AddVaultKubernetes(source =>
            {
                source.TimeProvider = _time;
                source.Options.Address = _server.Address.ToString();
                source.Options.Kubernetes.Role = "app";
                source.Options.Kubernetes.TokenPath = _volume.TokenPath;
                source.Options.Secrets.Add(new VaultSecretOptions { Path = "secret/apps", Recursive = true });
            })
            .Build();
        using var disposable = (IDisposable)config;

        Assert.Equal("https://web", config["web:Url"]);
        Assert.Equal("0 2 * * *", config["jobs:nightly:Cron"]);
    }

    [Fact]
    public void Load_RoleNotBoundToServiceAccount_FailsNamingThePath()
    {
        _server.Kubernetes.WriteRole("other", new Dictionary<string, object?>
        {
            ["bound_service_account_names"] = "someone-else",
            ["bound_service_account_namespaces"] = "default",
            ["token_policies"] = "app",
        });

        VaultConfigurationLoadException error = Assert.Throws<VaultConfigurationLoadException>(() => Build(role: "other"));

        Assert.Contains("secret/app", error.Message, StringComparison.Ordinal);
        Assert.Contains("service account name not authorized", error.Message, StringComparison.Ordinal);
    }

    private IConfigurationRoot Build(string role = "app") =>
        new ConfigurationBuilder()
            .AddVaultKubernetes(source =>
            {
                source.TimeProvider = _time;
                source.Options.Address = _server.Address.ToString();
                source.Options.Kubernetes.Role = role;
                source.Options.Kubernetes.TokenPath = _volume.TokenPath;
                source.Options.Secrets.Add(new VaultSecretOptions { Path = "secret/app", Section = "App" });
                source.Options.Secrets.Add(new VaultSecretOptions
                {
                    Path = "database/creds/app",
                    Kind = SecretSourceKind.Dynamic,
                    Section = "Database",
                    Templates = { ["ConnectionString"] = "User Id={{ .Data.username }};Password={{ .Data.password }}" },
                });
            })
            .Build();
}
