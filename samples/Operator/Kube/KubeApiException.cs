// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Operator.Kube;

/// <summary>A Kubernetes API request that failed with a status; carries the API's own reason and message, never a request body.</summary>
internal sealed class KubeApiException : Exception
{
    public KubeApiException(int statusCode, string reason, string message)
        : base($"Kubernetes API {statusCode} {reason}: {message}")
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>Gets the HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the Status reason (NotFound, Conflict, AlreadyExists, Expired, ...).</summary>
    public string Reason { get; }
}
