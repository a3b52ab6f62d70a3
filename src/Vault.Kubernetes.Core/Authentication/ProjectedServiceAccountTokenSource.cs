// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Authentication;

/// <summary>Reads the service-account JWT from a kubelet-projected token file, re-opening it by path on every call.</summary>
/// <remarks>
/// kubelet replaces the file by swapping the <c>..data</c> symlink of the volume, never by writing it in place,
/// so the file is opened by path each time instead of being cached or watched.
/// </remarks>
public sealed class ProjectedServiceAccountTokenSource : IServiceAccountTokenSource
{
    /// <summary>The path where Kubernetes mounts the pod's service-account token by default.</summary>
    public const string DefaultPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <summary>Initializes a new instance of the <see cref="ProjectedServiceAccountTokenSource"/> class.</summary>
    /// <param name="path">The token file; <see cref="DefaultPath"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public ProjectedServiceAccountTokenSource(string? path = null)
    {
        if (path is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
        }

        Path = path ?? DefaultPath;
    }

    /// <summary>Names the source in messages: the token file and its path.</summary>
    /// <returns>For example <c>the file '/var/run/secrets/kubernetes.io/serviceaccount/token'</c>.</returns>
    public override string ToString() => $"the file '{Path}'";

    /// <summary>Gets the path of the token file.</summary>
    /// <value>Defaults to <see cref="DefaultPath"/>.</value>
    public string Path { get; }

    /// <inheritdoc/>
    /// <exception cref="FileNotFoundException">The token file (or the directory it lives in) does not exist.</exception>
    /// <exception cref="InvalidDataException">The token file is empty or does not contain a JWT.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not read the token file.</exception>
    /// <exception cref="IOException">The token file could not be read.</exception>
    public async ValueTask<ServiceAccountToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        string content;
        try
        {
            content = await File.ReadAllTextAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"The service-account token file '{Path}' does not exist. Is the service-account token mounted (automountServiceAccountToken or a projected volume)?", Path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException($"The service-account token file '{Path}' cannot be read by this process.", ex);
        }

        string jwt = content.Trim();
        if (jwt.Length == 0)
        {
            throw new InvalidDataException($"The service-account token file '{Path}' is empty.");
        }

        try
        {
            return ServiceAccountToken.Parse(jwt);
        }
        catch (FormatException ex)
        {
            // The parser's messages never quote the token, so keeping it as the inner exception is safe.
            throw new InvalidDataException($"The service-account token file '{Path}' does not contain a JWT: {ex.Message}", ex);
        }
    }
}
