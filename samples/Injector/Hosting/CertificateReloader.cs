// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Injector.Diagnostics;

namespace Vault.Kubernetes.Injector.Hosting;

/// <summary>Serves the certificate from the PEM files, reloading it when either file changes (cert-manager and Secret volumes rotate them in place).</summary>
internal sealed class CertificateReloader : IDisposable
{
    // Checking file times costs two stats; once a second bounds that on busy handshakes.
    private static readonly TimeSpan s_checkInterval = TimeSpan.FromSeconds(1);
    private readonly InjectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private X509Certificate2 _current;
    private (DateTime Cert, DateTime Key) _stamp;
    private long _nextCheck;

    public CertificateReloader(IOptions<InjectorOptions> options, TimeProvider time, ILogger<CertificateReloader> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _stamp = Stamp();
        _current = Load();
        _nextCheck = _time.GetTimestamp() + (long)(s_checkInterval.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>Gets the certificate to serve, reloading it first when the files changed.</summary>
    public X509Certificate2 Current
    {
        get
        {
            long now = _time.GetTimestamp();
            if (now < Interlocked.Read(ref _nextCheck))
            {
                return _current;
            }

            lock (_lock)
            {
                _nextCheck = now + (long)(s_checkInterval.TotalSeconds * _time.TimestampFrequency);
                try
                {
                    (DateTime, DateTime) stamp = Stamp();
                    if (stamp != _stamp)
                    {
                        X509Certificate2 previous = _current;
                        _current = Load();
                        _stamp = stamp;
                        previous.Dispose();
                    }
                }
                catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
                {
                    // A half-written pair (cert renamed before key) heals on the next check.
                    _logger.CertificateReloadFailed(_options.TlsCertFile, ex.Message);
                }

                return _current;
            }
        }
    }

    public void Dispose() => _current.Dispose();

    private (DateTime Cert, DateTime Key) Stamp() =>
        (File.GetLastWriteTimeUtc(_options.TlsCertFile), File.GetLastWriteTimeUtc(_options.TlsKeyFile));

    private X509Certificate2 Load()
    {
        var certificate = X509Certificate2.CreateFromPemFile(_options.TlsCertFile, _options.TlsKeyFile);
        _logger.CertificateLoaded(certificate.Subject, certificate.NotAfter.ToUniversalTime(), _options.TlsCertFile);
        return certificate;
    }
}
