// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Configuration;
using Vault.Kubernetes.Configuration.Internal;
using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Tests;

public sealed class VaultConfigurationProviderTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeVaultSecretSource _vault;
    private readonly List<IDisposable> _disposables = [];

    public VaultConfigurationProviderTests()
    {
        _vault = new FakeVaultSecretSource(_time);
    }

    public void Dispose()
    {
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }
    }

    [Fact]
    public void Load_NestedKvData_MapsObjectsArraysAndSeparatorsToKeys()
    {
        _vault.PutKvJson("secret/app", """{"Db":{"Host":"db.local","Ports":[5432,5433]},"Logging__Level":"Debug","feature--flag":true}""");

        IConfigurationRoot config = Build(o =>
        {
            o.KeyPrefix = "Vault";
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/app", Section = "App" });
        });

        Assert.Equal("db.local", config["Vault:App:Db:Host"]);
        Assert.Equal("5433", config["Vault:App:Db:Ports:1"]);
        Assert.Equal("Debug", config["Vault:App:Logging:Level"]);
        Assert.Equal("true", config["vault:app:feature:flag"]);
    }

    [Fact]
    public void Load_TwoSecretsWithSameKey_LaterOverridesEarlier()
    {
        _vault.PutKv("secret/shared", new() { ["Url"] = "shared", ["Only"] = "shared-only" });
        _vault.PutKv("secret/app", new() { ["Url"] = "app" });

        IConfigurationRoot config = Build(o =>
        {
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/shared" });
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/app" });
        });

        Assert.Equal("app", config["Url"]);
        Assert.Equal("shared-only", config["Only"]);
    }

    [Fact]
    public void Load_TwelveSecrets_DeclarationOrderNotNameOrderDecidesOverrides()
    {
        // Spec names are configuration keys ("Vault:Secrets:10" sorts before "Vault:Secrets:2" as text), so the merge
        // must follow the declaration index, not the name.
        IConfigurationRoot config = Build(o =>
        {
            for (int i = 0; i < 12; i++)
            {
                _vault.PutKv($"secret/s{i}", new() { ["Url"] = $"s{i}", [$"Only{i}"] = "x" });
                o.Secrets.Add(new VaultSecretOptions { Path = $"secret/s{i}" });
            }
        });
        VaultConfigurationProvider provider = config.Providers.OfType<VaultConfigurationProvider>().Single();

        Assert.Equal("s11", config["Url"]);
        Assert.Equal("x", config["Only2"]);
        SecretSyncState tenth = Assert.Single(provider.GetSecretStates(), s => s.Path == "secret/s10");
        Assert.Equal("Vault:Secrets:10", tenth.SpecName);
    }

    [Fact]
    public void Load_DynamicSecretInSection_ExposesCredentials()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));

        IConfigurationRoot config = Build(o => o.Secrets.Add(new VaultSecretOptions { Path = "database/creds/app", Kind = SecretSourceKind.Dynamic, Section = "Database" }));

        Assert.StartsWith("v-user-", config["Database:username"], StringComparison.Ordinal);
        Assert.True(_vault.IsValid(config["Database:username"]!, config["Database:password"]!));
    }

    [Fact]
    public void Load_CompositeTemplate_BuildsConnectionStringFromDynamicCredentials()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));

        IConfigurationRoot config = Build(o => o.Secrets.Add(new VaultSecretOptions
        {
            Path = "database/creds/app",
            Kind = SecretSourceKind.Dynamic,
            Section = "Database",
            Templates = { ["ConnectionString"] = "Host=db;Username={{ .Data.username }};Password={{ .Data.password }}" },
        }));

        Assert.Equal($"Host=db;Username={config["Database:username"]};Password={config["Database:password"]}", config["Database:ConnectionString"]);
    }

    [Fact]
    public void Load_BadCompositeTemplate_FailsAtStartNamingTheKey()
    {
        _vault.PutKv("secret/app", new() { ["a"] = "1" });

        Exception error = Assert.ThrowsAny<Exception>(() => Build(o => o.Secrets.Add(new VaultSecretOptions
        {
            Path = "secret/app",
            Templates = { ["Broken"] = "{{ .Data.a | nosuchfunction }}" },
        })));

        Assert.Contains("Vault:Secrets:0:Templates:Broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("nosuchfunction", error.Message, StringComparison.Ordinal);

        // Column 14 of the user's own text ("{{ .Data.a | nosuchfunction }}"), not an offset into an internal wrapper.
        Assert.Contains("template \"Vault:Secrets:0:Templates:Broken\" line 1, column 14:", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _vault.Reads);
    }

    [Fact]
    public async Task Load_RecursiveFolder_LoadsEverySecretUnderItsRelativePathAndFollowsAdditionsAndRemovals()
    {
        _vault.PutKv("secret/apps/a", new() { ["Key"] = "a" });
        _vault.PutKv("secret/apps/team/b", new() { ["Key"] = "b" });
        _vault.PutKv("secret/other", new() { ["Key"] = "not under the folder" });
        IConfigurationRoot config = Build(o =>
        {
            o.RefreshInterval = TimeSpan.FromMinutes(1);
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/apps", Section = "Apps", Recursive = true });
        });

        Assert.Equal("a", config["Apps:a:Key"]);
        Assert.Equal("b", config["Apps:team:b:Key"]);
        Assert.Null(config["Key"]);

        _vault.DeleteKv("secret/apps/a");
        _vault.PutKv("secret/apps/c", new() { ["Key"] = "c" });
        await AdvanceAsync(config, TimeSpan.FromMinutes(1));

        Assert.Null(config["Apps:a:Key"]);
        Assert.Equal("c", config["Apps:c:Key"]);
        Assert.Equal("b", config["Apps:team:b:Key"]);
    }

    [Fact]
    public async Task RecursiveFolder_ListingFails_KeepsItsSecretsAndRetriesWithBackoffBeforeTheNextInterval()
    {
        _vault.PutKv("secret/apps/a", new() { ["Key"] = "a" });
        IConfigurationRoot config = Build(o =>
        {
            o.RefreshInterval = TimeSpan.FromMinutes(10);
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/apps", Section = "Apps", Recursive = true });
        });

        _vault.Outage = true;
        await AdvanceAsync(config, TimeSpan.FromMinutes(10));
        Assert.Equal("a", config["Apps:a:Key"]);

        _vault.Outage = false;
        _vault.PutKv("secret/apps/b", new() { ["Key"] = "b" });
        await AdvanceAsync(config, TimeSpan.FromSeconds(5));

        Assert.Equal("b", config["Apps:b:Key"]);
        Assert.Equal("a", config["Apps:a:Key"]);
    }

    [Fact]
    public void Reload_RecursiveFolder_RelistsAtOnce()
    {
        _vault.PutKv("secret/apps/a", new() { ["Key"] = "a" });
        IConfigurationRoot config = Build(o => o.Secrets.Add(new VaultSecretOptions { Path = "secret/apps", Section = "Apps", Recursive = true }));
        _vault.PutKv("secret/apps/new", new() { ["Key"] = "new" });

        config.Reload();

        Assert.Equal("new", config["Apps:new:Key"]);
    }

    [Fact]
    public async Task SecretChanged_SecretInRecursiveFolder_NamesTheSecretAndItsSection()
    {
        _vault.PutKv("secret/apps/team/b", new() { ["Key"] = "b" });
        IConfigurationRoot config = Build(o =>
        {
            o.RefreshInterval = TimeSpan.FromMinutes(1);
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/apps", Section = "Apps", Recursive = true });
        });
        VaultConfigurationProvider provider = config.Providers.OfType<VaultConfigurationProvider>().Single();
        var events = new List<VaultSecretChangedEventArgs>();
        provider.SecretChanged += (_, e) => events.Add(e);

        _vault.PutKv("secret/apps/team/b", new() { ["Key"] = "b2" });
        await AdvanceAsync(config, TimeSpan.FromMinutes(2));

        VaultSecretChangedEventArgs changed = Assert.Single(events, e => e.Kind == SecretSyncEventKind.Changed);
        Assert.Equal("secret/apps/team/b", changed.Path);
        Assert.Equal("Apps:team:b", changed.Section);
    }

    [Fact]
    public void Load_FailFast_ThrowsNamingEachFailedPath()
    {
        _vault.PutKv("secret/ok", new() { ["a"] = "1" });

        VaultConfigurationLoadException error = Assert.Throws<VaultConfigurationLoadException>(() => Build(o =>
        {
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/ok" });
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/missing-one" });
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/missing-two" });
        }));

        Assert.Equal(["secret/missing-one", "secret/missing-two"], error.Failures.Select(f => f.Key));
        Assert.Contains("secret/missing-one", error.Message, StringComparison.Ordinal);
        Assert.Contains("secret/missing-two", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_OptionalWithMissingSecret_StartsWithWhatLoadedAndLoadsTheRestLater()
    {
        _vault.PutKv("secret/ok", new() { ["A"] = "1" });
        IConfigurationRoot config = Build(o =>
        {
            o.Optional = true;
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/ok" });
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/late" });
        });
        Assert.Equal("1", config["A"]);
        Assert.Null(config["B"]);
        IChangeToken token = config.GetReloadToken();

        _vault.PutKv("secret/late", new() { ["B"] = "2" });
        await AdvanceAsync(config, TimeSpan.FromSeconds(5));

        Assert.Equal("2", config["B"]);
        Assert.Equal("1", config["A"]);
        Assert.True(token.HasChanged);
    }

    [Fact]
    public async Task Refresh_NoChange_DoesNotFireReload()
    {
        _vault.PutKv("secret/app", new() { ["A"] = "1" });
        IConfigurationRoot config = Build(o => o.Secrets.Add(new VaultSecretOptions { Path = "secret/app", Kind = SecretSourceKind.KvV2 }));
        int reloads = 0;
        using IDisposable subscription = ChangeToken.OnChange(config.GetReloadToken, () => Interlocked.Increment(ref reloads));

        await AdvanceAsync(config, TimeSpan.FromMinutes(30));

        Assert.Equal(0, reloads);
        Assert.Equal(1, _vault.Reads);
        Assert.True(_vault.VersionChecks >= 5);
    }

    [Fact]
    public async Task Refresh_OneOfSeveralSecretsChanges_OtherKeysKeepValuesAndReloadFiresOnce()
    {
        _vault.PutKv("secret/a", new() { ["A"] = "1" });
        _vault.PutKv("secret/b", new() { ["B"] = "1", ["Gone"] = "x" });
        IConfigurationRoot config = Build(o =>
        {
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/a", Kind = SecretSourceKind.KvV2 });
            o.Secrets.Add(new VaultSecretOptions { Path = "secret/b", Kind = SecretSourceKind.KvV2 });
        });
        int reloads = 0;
        using IDisposable subscription = ChangeToken.OnChange(config.GetReloadToken, () => Interlocked.Increment(ref reloads));

        _vault.PutKv("secret/b", new() { ["B"] = "2" });
        await AdvanceAsync(config, TimeSpan.FromMinutes(5));

        Assert.Equal("1", config["A"]);
        Assert.Equal("2", config["B"]);
        Assert.Null(config["Gone"]);
        Assert.Equal(1, reloads);
    }

    [Fact]
    public async Task Outage_KeepsLastKnownGoodAndRecovers()
    {
        _vault.PutKv("secret/app", new() { ["A"] = "1" });
        IConfigurationRoot config = Build(o => o.Secrets.Add(new VaultSecretOptions { Path = "secret/app", Kind = SecretSourceKind.KvV2 }));
        VaultConfigurationProvider provider = config.Providers.OfType<VaultConfigurationProvider>().Single();

        _vault.Outage = true;
        _vault.PutKv("secret/app", new() { ["A"] = "2" });
        await AdvanceAsync(config, TimeSpan.FromMinutes(20));
        Assert.Equal("1", config["A"]);
        Assert.True(provider.GetSecretStates().Single().ConsecutiveFailures > 0);

        _vault.Outage = false;
        await AdvanceAsync(config, TimeSpan.FromMinutes(6));
        Assert.Equal("2", config["A"]);
    }

    [Fact]
    public async Task Rotation_DynamicCredentials_VisibleThroughOptionsMonitorAndSecretChangedEvent()
    {
        _vault.DefineRole("database/creds/app", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30));
        IConfigurationRoot config = Build(o => o.Secrets.Add(new VaultSecretOptions { Path = "database/creds/app", Kind = SecretSourceKind.Dynamic, Section = "Database" }));
        VaultConfigurationProvider provider = config.Providers.OfType<VaultConfigurationProvider>().Single();
        var rotated = new List<VaultSecretChangedEventArgs>();
        provider.SecretChanged += (_, e) => rotated.Add(e);
        using ServiceProvider services = new ServiceCollection()
            .Configure<DatabaseOptions>(config.GetSection("Database"))
            .BuildServiceProvider();
        IOptionsMonitor<DatabaseOptions> monitor = services.GetRequiredService<IOptionsMonitor<DatabaseOptions>>();
        string first = monitor.CurrentValue.Username!;
        var seen = new List<string>();
        using IDisposable? listener = monitor.OnChange(o => seen.Add(o.Username!));

        await AdvanceAsync(config, TimeSpan.FromMinutes(30));

        Assert.NotEqual(first, monitor.CurrentValue.Username);
        Assert.Contains(monitor.CurrentValue.Username!, seen);
        Assert.True(_vault.IsValid(monitor.CurrentValue.Username!, monitor.CurrentValue.Password!));
        VaultSecretChangedEventArgs change = Assert.Single(rotated, e => e.Kind == SecretSyncEventKind.Rotated);
        Assert.Equal("Database", change.Section);
        Assert.Equal("database/creds/app", change.Path);
    }

    [Fact]
    public void Load_InvalidOptions_ListsEveryFailureWithItsKey()
    {
        var source = new VaultConfigurationSource { EnvironmentVariables = _ => null };
        source.Options.Secrets.Add(new VaultSecretOptions { Path = "" });
        source.Options.Secrets.Add(new VaultSecretOptions { Path = "database/creds/x", Kind = SecretSourceKind.Dynamic, Version = 2 });

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => new ConfigurationBuilder().Add(source).Build());

        Assert.Contains(error.Failures, f => f.Contains("Vault:Address", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Vault:Kubernetes:Role", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Vault:Secrets:0:Path", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Vault:Secrets:1:Version", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00:00:00.009")]
    [InlineData("1.00:00:00.001")]
    public void Load_RequestTimeoutOutsideTheClientsRange_RefusedNamingTheKey(string timeout)
    {
        // The client takes 10 ms to a day (its retry pipeline's limits); the configuration says so by key, before any client exists.
        var source = new VaultConfigurationSource { EnvironmentVariables = _ => null };
        source.Options.Address = "http://127.0.0.1:8200";
        source.Options.Token = "dev-only";
        source.Options.RequestTimeout = TimeSpan.Parse(timeout, CultureInfo.InvariantCulture);
        source.Options.Secrets.Add(new VaultSecretOptions { Path = "secret/app" });

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => new ConfigurationBuilder().Add(source).Build());

        string failure = Assert.Single(error.Failures);
        Assert.Contains("Vault:RequestTimeout", failure, StringComparison.Ordinal);
        Assert.Contains("between 10 ms and a day", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AddVaultKubernetes_BindsTheVaultSection()
    {
        _vault.PutKv("secret/app", new() { ["FromVault"] = "yes" });
        var builder = new ConfigurationManager();
        builder.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vault:Address"] = "http://127.0.0.1:8200",
            ["Vault:Token"] = "dev-only",
            ["Vault:Secrets:0:Path"] = "secret/app",
            ["Vault:Secrets:0:Section"] = "Settings",
        });

        builder.AddVaultKubernetes(source =>
        {
            builder.GetSection("Vault").Bind(source.Options);
            UseFake(source);
        });
        _disposables.Add(builder);

        Assert.Equal("yes", builder["Settings:FromVault"]);
    }

    [Fact]
    public void Headers_BoundFromTheVaultSection_ReachTheClientOptions_AndAreNeverSerialized()
    {
        // Bound by the library's own (source-generated) binder, as AddVaultKubernetes(sectionName) does.
        HostApplicationBuilder host = Host.CreateEmptyApplicationBuilder(new());
        host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vault:Address"] = "http://127.0.0.1:8200",
            ["Vault:Token"] = "dev-only",
            ["Vault:Headers:X-Gateway-Key"] = "gw-k3y",
            ["Vault:Secrets:0:Path"] = "secret/app",
        });
        _vault.PutKv("secret/app", new() { ["FromVault"] = "yes" });
        VaultKubernetesOptions options = null!;
        host.AddVaultKubernetes("Vault", source =>
        {
            options = source.Options;
            UseFake(source);
        });
        _disposables.Add(host.Configuration);

        Assert.Equal("gw-k3y", options.ToClientOptions().Headers["x-gateway-key"]);
        Assert.DoesNotContain("gw-k3y", System.Text.Json.JsonSerializer.Serialize(options, new System.Text.Json.JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }), StringComparison.Ordinal);
        Assert.DoesNotContain("gw-k3y", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverPrintsSecretValues()
    {
        _vault.PutKv("secret/app", new() { ["Password"] = "hunter2-secret" });
        IConfigurationRoot config = Build(o => o.Secrets.Add(new VaultSecretOptions { Path = "secret/app" }));
        VaultConfigurationProvider provider = config.Providers.OfType<VaultConfigurationProvider>().Single();

        Assert.DoesNotContain("hunter2", provider.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", string.Join(",", provider.GetSecretStates()), StringComparison.Ordinal);
    }

    private IConfigurationRoot Build(Action<VaultKubernetesOptions> configure)
    {
        var source = new VaultConfigurationSource();
        source.Options.Address = "http://127.0.0.1:8200";
        source.Options.Token = "dev-only";
        configure(source.Options);
        UseFake(source);
        IConfigurationRoot root = new ConfigurationBuilder().Add(source).Build();
        _disposables.Add((IDisposable)root);
        return root;
    }

    private void UseFake(VaultConfigurationSource source)
    {
        source.TimeProvider = _time;
        source.Random = () => 0.5;
        source.SecretSource = _vault;
    }

    private async Task AdvanceAsync(IConfigurationRoot config, TimeSpan by)
    {
        VaultConfigurationProvider provider = config.Providers.OfType<VaultConfigurationProvider>().Single();
        DateTimeOffset target = _time.GetUtcNow() + by;
        while (_time.GetUtcNow() < target)
        {
            TimeSpan left = target - _time.GetUtcNow();
            _time.Advance(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            await provider.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(s_wait, TestContext.Current.CancellationToken);
        }
    }

    private sealed class DatabaseOptions
    {
        public string? Username { get; set; }

        public string? Password { get; set; }
    }
}
