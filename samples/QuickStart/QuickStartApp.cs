// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Vault.Kubernetes.Configuration;
using Vault.Kubernetes.Sync;

namespace QuickStart;

/// <summary>An app that uses <c>AddVaultKubernetes()</c> exactly as it would in a pod, then shows a hot reload, a lease renewal and a rotation.</summary>
public static class QuickStartApp
{
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(string[] args, TextWriter output, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        DevEnvironment? dev = string.IsNullOrEmpty(environment("VAULT_ADDR")) ? await DevEnvironment.StartAsync(cancellationToken) : null;
        try
        {
            output.WriteLine(dev is null
                ? $"Using the Vault at {environment("VAULT_ADDR")} (VAULT_ADDR)."
                : $"No VAULT_ADDR: started the embedded dev server at {dev.Server.Address} and a rotating service-account token volume at {dev.Directory}.");

            // --- This is the whole integration an app needs (see appsettings.json for the "Vault" section). ---
            HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
            if (dev is not null)
            {
                builder.Configuration.AddInMemoryCollection(dev.Settings());
            }

            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.AddVaultKubernetes();
            builder.Services.Configure<DatabaseSettings>(builder.Configuration.GetSection("Database"));
            using IHost host = builder.Build();
            await host.StartAsync(cancellationToken);
            // ---------------------------------------------------------------------------------------------------

            IConfiguration configuration = host.Services.GetRequiredService<IConfiguration>();
            VaultConfigurationProvider provider = host.Services.GetRequiredService<VaultConfigurationProvider>();
            IOptionsMonitor<DatabaseSettings> database = host.Services.GetRequiredService<IOptionsMonitor<DatabaseSettings>>();
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] Loaded from Vault (values masked):");
            output.WriteLine($"         App:Greeting               = {configuration["App:Greeting"]}");
            output.WriteLine($"         App:ApiKey                 = {Mask.Of(configuration["App:ApiKey"])}");
            output.WriteLine($"         Database:Username          = {Mask.Of(database.CurrentValue.Username)}");
            output.WriteLine($"         Database:Password          = {Mask.Of(database.CurrentValue.Password)}");
            output.WriteLine($"         Database:ConnectionString  = {Mask.Of(database.CurrentValue.ConnectionString)}");

            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var renewed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var rotated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            provider.SecretChanged += (_, e) =>
            {
                output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] SecretChanged: {e.Kind} {e.Path} (section '{e.Section}')");
                _ = e.Kind switch
                {
                    SecretSyncEventKind.Renewed => renewed.TrySetResult(),
                    SecretSyncEventKind.Rotated => rotated.TrySetResult(),
                    _ => false,
                };
            };
            using IDisposable reloadSubscription = ChangeToken.OnChange(configuration.GetReloadToken, () =>
            {
                output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] IConfiguration reloaded: App:ApiKey = {Mask.Of(configuration["App:ApiKey"])}, Database:Username = {Mask.Of(configuration["Database:username"])}");
                if (configuration["App:ApiKey"]?.Contains("-v2-", StringComparison.Ordinal) == true)
                {
                    reloaded.TrySetResult();
                }
            });

            if (dev is null)
            {
                // Against a real Vault: watch for changes for a while, then stop.
                await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
            }
            else
            {
                output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] Changing secret/quickstart in Vault ...");
                dev.Server.WriteKvSecret("secret", "quickstart", new Dictionary<string, object?> { ["Greeting"] = "hello again", ["ApiKey"] = "qs-api-key-v2-" + Guid.NewGuid().ToString("N")[..8] });
                await Step("hot reload of the changed KV secret", reloaded.Task);
                await Step("renewal of the database lease", renewed.Task);
                await Step("rotation of the database credentials before their max TTL", rotated.Task);
                bool valid = dev.Server.Database.IsValid(database.CurrentValue.Username!, database.CurrentValue.Password!);
                output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] IOptionsMonitor<DatabaseSettings> now holds {Mask.Of(database.CurrentValue.Username)}; valid in Vault: {valid}");
                if (!valid)
                {
                    return 1;
                }
            }

            HealthReport health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] Health: {health.Status}");
            await host.StopAsync(cancellationToken);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] Done.");
            return 0;
        }
        catch (TimeoutException ex)
        {
            output.WriteLine($"QuickStart failed: {ex.Message}");
            return 1;
        }
        finally
        {
            if (dev is not null)
            {
                await dev.DisposeAsync();
            }
        }

        async Task Step(string what, Task signal)
        {
            try
            {
                await signal.WaitAsync(s_stepTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no {what} within {s_stepTimeout.TotalSeconds} s.");
            }

            output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] Saw the {what}.");
        }
    }
}
