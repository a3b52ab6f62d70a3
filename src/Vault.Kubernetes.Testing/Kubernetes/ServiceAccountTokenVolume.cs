// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>A kubelet-style projected service-account token volume on disk, rotated like the kubelet does it.</summary>
/// <remarks>
/// <para>Layout (as kubelet's atomic writer leaves it): a timestamped data directory <c>..YYYY_MM_DD_HH_MM_SS.N</c>
/// holding <c>token</c>, <c>ca.crt</c> and <c>namespace</c>; a <c>..data</c> symlink to it; and visible symlinks
/// <c>token -&gt; ..data/token</c> (same for the other files).</para>
/// <para>A rotation writes a fresh data directory, points <c>..data_tmp</c> at it, renames <c>..data_tmp</c> over
/// <c>..data</c> (atomic on Unix) and deletes the old directory, so a reader that re-opens <c>token</c> by path always
/// sees a complete token and a reader holding the old file handle keeps the old content.</para>
/// <para>Rotation is scheduled on the issuer's <see cref="TimeProvider"/> once a token has lived
/// <see cref="ServiceAccountTokenVolumeOptions.RefreshFraction"/> of its lifetime (at most 24 hours).</para>
/// </remarks>
public sealed class ServiceAccountTokenVolume : IAsyncDisposable
{
    /// <summary>The file name of the token inside the volume.</summary>
    public const string TokenFileName = "token";

    /// <summary>The file name of the cluster CA bundle inside the volume.</summary>
    public const string CaCertificateFileName = "ca.crt";

    /// <summary>The file name of the namespace inside the volume.</summary>
    public const string NamespaceFileName = "namespace";

    private const string DataLinkName = "..data";
    private const string DataTempLinkName = "..data_tmp";
    private static readonly TimeSpan s_maxRefreshAge = TimeSpan.FromHours(24);
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(10);
    private static readonly UnixFileMode s_directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly Lock _lock = new();
    private readonly ServiceAccountTokenIssuer _issuer;
    private readonly ServiceAccountTokenRequest _request;
    private readonly ServiceAccountTokenVolumeOptions _options;
    private readonly ITimer? _timer;
    private string _currentToken = string.Empty;
    private bool _disposed;

    private ServiceAccountTokenVolume(string directory, ServiceAccountTokenIssuer issuer, ServiceAccountTokenRequest request, ServiceAccountTokenVolumeOptions options)
    {
        DirectoryPath = directory;
        _issuer = issuer;
        _request = request;
        _options = options;
        WriteNewToken();
        if (options.AutoRotate)
        {
            _timer = issuer.TimeProvider.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Schedule(NextRotationAt - issuer.TimeProvider.GetUtcNow());
        }
    }

    /// <summary>Occurs after a new token was swapped in (on schedule or by <see cref="RotateAsync"/>).</summary>
    public event EventHandler? Rotated;

    /// <summary>Gets the volume directory (what a pod would see at <c>/var/run/secrets/kubernetes.io/serviceaccount</c>).</summary>
    public string DirectoryPath { get; }

    /// <summary>Gets the path of the visible <c>token</c> symlink that readers open.</summary>
    public string TokenPath => Path.Combine(DirectoryPath, TokenFileName);

    /// <summary>Gets the token currently in the volume.</summary>
    public string CurrentToken
    {
        get
        {
            lock (_lock)
            {
                return _currentToken;
            }
        }
    }

    /// <summary>Gets when the current token was issued.</summary>
    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>Gets when the current token expires.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Gets when the next scheduled rotation happens.</summary>
    public DateTimeOffset NextRotationAt { get; private set; }

    /// <summary>Gets how many times the token was replaced since the volume was created.</summary>
    public int RotationCount { get; private set; }

    /// <summary>Gets the last error of a scheduled rotation (retried after 10 seconds), or <see langword="null"/>.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Creates the volume in <paramref name="directory"/> (created if missing) with a first token, and starts rotation.</summary>
    /// <param name="directory">The volume directory.</param>
    /// <param name="issuer">The issuer of the tokens; its clock drives the schedule.</param>
    /// <param name="request">The token to issue on every rotation.</param>
    /// <param name="options">Options; default <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels before any file is written.</param>
    /// <returns>The volume; dispose it to stop rotating and delete its files.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ServiceAccountTokenVolumeOptions.RefreshFraction"/> is not in (0, 1].</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static Task<ServiceAccountTokenVolume> CreateAsync(
        string directory,
        ServiceAccountTokenIssuer issuer,
        ServiceAccountTokenRequest request,
        ServiceAccountTokenVolumeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new ServiceAccountTokenVolumeOptions();
        if (options.RefreshFraction is <= 0 or > 1 || double.IsNaN(options.RefreshFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RefreshFraction, "RefreshFraction must be in (0, 1].");
        }

        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(directory);
        return Task.FromResult(new ServiceAccountTokenVolume(Path.GetFullPath(directory), issuer, request, options));
    }

    /// <summary>Issues a new token now and swaps it into the volume, then reschedules the next rotation.</summary>
    /// <param name="cancellationToken">Cancels before the new token is written.</param>
    /// <returns>A task that completes when the new token is visible.</returns>
    /// <exception cref="ObjectDisposedException">The volume was disposed.</exception>
    public Task RotateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            WriteNewToken();
        }

        if (_timer is not null)
        {
            Schedule(NextRotationAt - _issuer.TimeProvider.GetUtcNow());
        }

        Rotated?.Invoke(this, EventArgs.Empty);
        return Task.CompletedTask;
    }

    /// <summary>Stops the rotation schedule and deletes the token, CA and namespace files it wrote (the directory itself stays).</summary>
    /// <returns>A completed task.</returns>
    /// <remarks>A valid JWT must not outlive the test or sample that needed it, as a kubelet removes a pod's volume with the pod.</remarks>
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                DeletePayload();
            }
        }

        _timer?.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnTimer()
    {
        try
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                WriteNewToken();
                LastError = null;
            }

            Schedule(NextRotationAt - _issuer.TimeProvider.GetUtcNow());
            Rotated?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The kubelet keeps serving the old token and retries; so do we.
            LastError = ex;
            Schedule(s_retryDelay);
        }
    }

    private void Schedule(TimeSpan due)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _timer?.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void WriteNewToken()
    {
        TimeProvider time = _issuer.TimeProvider;
        string token = _issuer.IssueToken(_request);
        DateTimeOffset issuedAt = time.GetUtcNow();
        TimeSpan lifetime = _request.Lifetime ?? _issuer.DefaultLifetime;
        TimeSpan refreshAfter = lifetime * _options.RefreshFraction;
        if (refreshAfter > s_maxRefreshAge)
        {
            refreshAfter = s_maxRefreshAge;
        }

        WritePayload(token, time.GetUtcNow());
        if (_currentToken.Length > 0)
        {
            RotationCount++;
        }

        _currentToken = token;
        IssuedAt = issuedAt;
        ExpiresAt = issuedAt + lifetime;
        NextRotationAt = issuedAt + refreshAfter;
    }

    private void WritePayload(string token, DateTimeOffset now)
    {
        string dataLink = Path.Combine(DirectoryPath, DataLinkName);
        string? oldTarget = File.Exists(dataLink) || Directory.Exists(dataLink) ? new FileInfo(dataLink).LinkTarget : null;

        string newName = NewDataDirectoryName(now);
        string newDirectory = Path.Combine(DirectoryPath, newName);
        Directory.CreateDirectory(newDirectory);
        SetMode(newDirectory, s_directoryMode);
        WriteFile(Path.Combine(newDirectory, TokenFileName), token);
        WriteFile(Path.Combine(newDirectory, CaCertificateFileName), _options.CaCertificatePem ?? _issuer.CaCertificatePem);
        WriteFile(Path.Combine(newDirectory, NamespaceFileName), _request.Namespace);

        SwapDataLink(newName);

        foreach (string name in (string[])[TokenFileName, CaCertificateFileName, NamespaceFileName])
        {
            string visible = Path.Combine(DirectoryPath, name);
            if (new FileInfo(visible).LinkTarget is null)
            {
                File.Delete(visible);
                File.CreateSymbolicLink(visible, Path.Combine(DataLinkName, name));
            }
        }

        if (oldTarget is not null && oldTarget != newName)
        {
            string oldDirectory = Path.Combine(DirectoryPath, oldTarget);
            if (Directory.Exists(oldDirectory))
            {
                Directory.Delete(oldDirectory, recursive: true);
            }
        }
    }

    private void DeletePayload()
    {
        string dataLink = Path.Combine(DirectoryPath, DataLinkName);
        string? target = new FileInfo(dataLink).LinkTarget;
        foreach (string name in (string[])[TokenFileName, CaCertificateFileName, NamespaceFileName, DataLinkName, DataTempLinkName])
        {
            string path = Path.Combine(DirectoryPath, name);
            if (new FileInfo(path).LinkTarget is not null || File.Exists(path))
            {
                File.Delete(path);
            }
        }

        if (target is not null && Directory.Exists(Path.Combine(DirectoryPath, target)))
        {
            Directory.Delete(Path.Combine(DirectoryPath, target), recursive: true);
        }
    }

    private void SwapDataLink(string newName)
    {
        string dataLink = Path.Combine(DirectoryPath, DataLinkName);
        string tempLink = Path.Combine(DirectoryPath, DataTempLinkName);
        if (new FileInfo(tempLink).LinkTarget is not null || File.Exists(tempLink))
        {
            File.Delete(tempLink);
        }

        File.CreateSymbolicLink(tempLink, newName);
        if (OperatingSystem.IsWindows())
        {
            // Windows has no atomic rename over a symlink; the kubelet does remove + create there too.
            if (new FileInfo(dataLink).LinkTarget is not null)
            {
                Directory.Delete(dataLink);
            }

            File.Delete(tempLink);
            Directory.CreateSymbolicLink(dataLink, newName);
            return;
        }

        if (NativeMethods.Rename(tempLink, dataLink) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not rename '{tempLink}' to '{dataLink}' (errno {errno}).");
        }
    }

    private string NewDataDirectoryName(DateTimeOffset now)
    {
        while (true)
        {
            string name = ".." + now.UtcDateTime.ToString("yyyy_MM_dd_HH_mm_ss", CultureInfo.InvariantCulture)
                + "." + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString(CultureInfo.InvariantCulture);
            if (!Directory.Exists(Path.Combine(DirectoryPath, name)))
            {
                return name;
            }
        }
    }

    private void WriteFile(string path, string content)
    {
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        SetMode(path, _options.FileMode);
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
