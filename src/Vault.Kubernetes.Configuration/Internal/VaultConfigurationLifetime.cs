// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Connects the provider to the host: logging once the host has it, and an orderly stop (with revocation when configured) at shutdown.</summary>
internal sealed class VaultConfigurationLifetime : IHostedService
{
    private readonly VaultConfigurationProvider _provider;
    private readonly DeferredLoggerFactory _deferred;
    private readonly ILoggerFactory _loggerFactory;

    public VaultConfigurationLifetime(VaultConfigurationProvider provider, DeferredLoggerFactory deferred, ILoggerFactory loggerFactory)
    {
        _provider = provider;
        _deferred = deferred;
        _loggerFactory = loggerFactory;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _deferred.Attach(_loggerFactory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider.Dispose();
        return Task.CompletedTask;
    }
}
