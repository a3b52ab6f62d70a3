// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Csi.Diagnostics;
using Vault.Kubernetes.Csi.Mounting;
using Vault.Kubernetes.Csi.Protocol;

namespace Vault.Kubernetes.Csi.Hosting;

/// <summary>The <c>v1alpha1.CSIDriverProvider</c> gRPC service: maps the mounter's outcomes to responses and status codes.</summary>
internal sealed class CsiProviderService : CSIDriverProvider.CSIDriverProviderBase
{
    /// <summary>The provider name in <see cref="VersionResponse.RuntimeName"/>.</summary>
    public const string RuntimeName = "vault-csi-provider-dotnet";

    private readonly CsiMounter _mounter;
    private readonly CsiProviderOptions _options;
    private readonly ILogger<CsiProviderService> _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="CsiProviderService"/> class.</summary>
    /// <param name="mounter">Serves mounts.</param>
    /// <param name="options">The provider options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock, for latency.</param>
    public CsiProviderService(CsiMounter mounter, CsiProviderOptions options, ILogger<CsiProviderService> logger, TimeProvider timeProvider)
    {
        _mounter = mounter;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context) =>
        Task.FromResult(new VersionResponse
        {
            Version = "v1alpha1",
            RuntimeName = RuntimeName,
            RuntimeVersion = typeof(CsiProviderService).Assembly.GetName().Version?.ToString() ?? "0.0.0",
        });

    /// <inheritdoc/>
    public override async Task<MountResponse> Mount(MountRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long started = _timeProvider.GetTimestamp();
        string target = "(unparsed)";
        try
        {
            MountParameters parameters = _mounter.Parse(request);
            target = CsiMounter.TargetName(parameters);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            timeout.CancelAfter(_options.MountTimeout);
            MountResponse response = await _mounter.MountAsync(parameters, timeout.Token).ConfigureAwait(false);
            double elapsed = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
            _logger.MountServed(target, response.Files.Count, $"{parameters.PodNamespace}/{parameters.ServiceAccountName}", elapsed);
            CsiMetrics.Mount("ok", elapsed);
            return response;
        }
        catch (MountInputException ex)
        {
            _logger.MountRejected(ex.Message);
            CsiMetrics.Mount("invalid", _timeProvider.GetElapsedTime(started).TotalMilliseconds);
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
        catch (MountFailedException ex)
        {
            _logger.MountFailed(target, ex.Message);
            CsiMetrics.Mount("failed", _timeProvider.GetElapsedTime(started).TotalMilliseconds);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message));
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            _logger.MountFailed(target, "timed out waiting for Vault");
            CsiMetrics.Mount("failed", _timeProvider.GetElapsedTime(started).TotalMilliseconds);
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"Mount {target}: Vault did not answer within {_options.MountTimeout.TotalSeconds:F0} s."));
        }
        catch (Exception ex) when (ex is not (RpcException or OperationCanceledException))
        {
            // Exception messages from lower layers are not vetted for secret content: log and answer the type only.
            _logger.MountCrashed(target, ex.GetType().Name);
            CsiMetrics.Mount("failed", _timeProvider.GetElapsedTime(started).TotalMilliseconds);
            Activity.Current?.SetStatus(ActivityStatusCode.Error);
            throw new RpcException(new Status(StatusCode.Internal, $"Mount {target} failed ({ex.GetType().Name}); see the provider log."));
        }
    }
}
