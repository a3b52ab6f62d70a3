// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Injector.Diagnostics;

/// <summary>The injector's log messages (EventIds 3100-3199); none carries annotation values or token paths beyond pod identity.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, EventName = "PodInjected", Level = LogLevel.Information, Message = "Injected the agent into pod {Namespace}/{Name} (review {Uid}).")]
    public static partial void PodInjected(this ILogger logger, string @namespace, string name, string uid);

    [LoggerMessage(EventId = 3101, EventName = "PodDenied", Level = LogLevel.Warning, Message = "Refused pod {Namespace}/{Name} (review {Uid}): {Reason}")]
    public static partial void PodDenied(this ILogger logger, string @namespace, string name, string uid, string reason);

    [LoggerMessage(EventId = 3102, EventName = "PodAllowedDespiteErrors", Level = LogLevel.Warning, Message = "Admitted pod {Namespace}/{Name} (review {Uid}) unchanged as the failure mode says: {Reason}")]
    public static partial void PodAllowedDespiteErrors(this ILogger logger, string @namespace, string name, string uid, string reason);

    [LoggerMessage(EventId = 3103, EventName = "ReviewUnreadable", Level = LogLevel.Warning, Message = "Rejected a review that is not JSON: {Error}")]
    public static partial void ReviewUnreadable(this ILogger logger, string error);

    [LoggerMessage(EventId = 3110, EventName = "CertificateLoaded", Level = LogLevel.Information, Message = "Serving certificate {Subject} (expires {NotAfter:o}) from {CertFile}.")]
    public static partial void CertificateLoaded(this ILogger logger, string subject, DateTime notAfter, string certFile);

    [LoggerMessage(EventId = 3111, EventName = "CertificateReloadFailed", Level = LogLevel.Warning, Message = "Could not reload the certificate from {CertFile}; keeping the previous one: {Error}")]
    public static partial void CertificateReloadFailed(this ILogger logger, string certFile, string error);
}
