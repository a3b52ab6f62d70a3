// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Text;

namespace Vault.Kubernetes.Operator.Diagnostics;

/// <summary>Serves <c>/healthz</c> (alive), <c>/readyz</c> (watches listed, or standing by as a non-leader; not while the controller waits to restart) and <c>/metrics</c> (Prometheus text).</summary>
/// <remarks>A plain <see cref="HttpListener"/>: three fixed routes do not justify loading ASP.NET Core into a memory-conscious process.</remarks>
internal sealed class HealthServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<bool> _ready;
    private readonly PrometheusExporter _metrics;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public HealthServer(int port, Func<bool> ready, PrometheusExporter metrics)
    {
        _listener.Prefixes.Add($"http://*:{port}/");
        _ready = ready;
        _metrics = metrics;
    }

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }

        _listener.Close();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            (int status, string body, string type) = context.Request.Url?.AbsolutePath switch
            {
                "/healthz" => (200, "ok", "text/plain"),
                "/readyz" => _ready() ? (200, "ok", "text/plain") : (503, "not ready", "text/plain"),
                "/metrics" => (200, _metrics.Render(), "text/plain; version=0.0.4"),
                _ => (404, "not found", "text/plain"),
            };
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = bytes.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or OperationCanceledException)
            {
            }
            finally
            {
                context.Response.Close();
            }
        }
    }
}
