// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Vault.Kubernetes.Http;

/// <summary>Reports a failed Vault request: the status code, Vault's <c>errors</c> list, the path and the request ID.</summary>
/// <remarks>
/// This is the one public exception root of Vault.Kubernetes. Its message names the path, the status and Vault's error
/// strings, never a token, a secret value or a response body. Vault formats some errors as Go multierrors
/// (<c>1 error occurred:\n\t* permission denied\n\n</c>), so the <c>Is…</c> properties match by substring.
/// <see cref="StatusCode"/> is 0 when no HTTP answer arrived (connection error, timeout, refused redirect).
/// </remarks>
public class VaultException : Exception
{
    private static readonly string[] s_noErrors = [];

    /// <summary>Initializes a new instance of the <see cref="VaultException"/> class.</summary>
    public VaultException()
        : this("A Vault request failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultException"/> class with a message.</summary>
    /// <param name="message">The message; it must not contain secrets.</param>
    public VaultException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultException"/> class with a message and a cause.</summary>
    /// <param name="message">The message; it must not contain secrets.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public VaultException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Errors = s_noErrors;
        Path = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="VaultException"/> class for a Vault answer.</summary>
    /// <param name="statusCode">The HTTP status code, or 0 when no answer arrived.</param>
    /// <param name="path">The Vault path, without <c>/v1/</c> and without the query string.</param>
    /// <param name="errors">The strings of Vault's <c>errors</c> array.</param>
    /// <param name="requestId">The Vault request ID, when known.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public VaultException(int statusCode, string path, IReadOnlyList<string>? errors, string? requestId = null, Exception? innerException = null)
        : this(statusCode, path, errors, requestId, detail: null, innerException)
    {
    }

    internal VaultException(int statusCode, string path, IReadOnlyList<string>? errors, string? requestId, string? detail, Exception? innerException)
        : base(FormatMessage(statusCode, path, errors ?? s_noErrors, detail), innerException)
    {
        StatusCode = statusCode;
        Path = path ?? string.Empty;
        Errors = errors ?? s_noErrors;
        RequestId = string.IsNullOrEmpty(requestId) ? null : requestId;
    }

    /// <summary>Gets the HTTP status code Vault answered with.</summary>
    /// <value>0 when no HTTP answer arrived.</value>
    public int StatusCode { get; }

    /// <summary>Gets the strings of Vault's <c>errors</c> array, verbatim (possibly empty).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Gets the Vault path of the failed request, without <c>/v1/</c> and without the query string.</summary>
    public string Path { get; }

    /// <summary>Gets the Vault request ID, when Vault sent one.</summary>
    public string? RequestId { get; }

    /// <summary>Gets a value indicating whether Vault denied the request (403, or an error containing <c>permission denied</c>).</summary>
    public bool IsPermissionDenied => StatusCode == 403 || ErrorsContain("permission denied");

    /// <summary>Gets a value indicating whether Vault rejected the token itself (revoked, expired or unknown): a 403 containing <c>invalid token</c>.</summary>
    public bool IsInvalidToken => StatusCode == 403 && ErrorsContain("invalid token");

    /// <summary>Gets a value indicating whether no mount serves the path (404 <c>no handler for route</c>).</summary>
    public bool IsNoHandler => StatusCode == 404 && ErrorsContain("no handler for route");

    /// <summary>Gets a value indicating whether the failure is transient and a later attempt may succeed (no answer, 412, 429 or a 5xx other than 501).</summary>
    public bool IsTransient => StatusCode == 0 || VaultStatus.IsRetryable(StatusCode);

    /// <summary>Returns whether any of <see cref="Errors"/> contains <paramref name="text"/>, ignoring case.</summary>
    /// <param name="text">The text to look for.</param>
    /// <returns><see langword="true"/> when an error string contains the text.</returns>
    public bool ErrorsContain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return VaultErrors.Contain(Errors, text);
    }

    private static string FormatMessage(int statusCode, string path, IReadOnlyList<string> errors, string? detail)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"Vault request to '{path}' failed");
        if (statusCode != 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $" with status {statusCode}");
        }

        if (detail is not null)
        {
            builder.Append(": ").Append(detail);
        }

        IReadOnlyList<string> flat = VaultErrors.Flatten(errors);
        if (flat.Count > 0)
        {
            builder.Append(detail is null ? ": " : "; ").AppendJoin("; ", flat);
        }

        return builder.Append('.').ToString();
    }
}
