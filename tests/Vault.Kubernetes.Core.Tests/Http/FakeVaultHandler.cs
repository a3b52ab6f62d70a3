// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>A hand-written HTTP handler that answers from a queue of responders and records every request it saw.</summary>
internal sealed class FakeVaultHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _responders = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _fallback;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public List<RecordedRequest> RequestList => [.. Requests];

    /// <summary>Signalled after each request is recorded (carries the count).</summary>
    public event Action<int>? RequestReceived;

    public FakeVaultHandler Respond(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null)
    {
        _responders.Enqueue((_, _) => Task.FromResult(Create(status, json, configure)));
        return this;
    }

    public FakeVaultHandler Respond(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responders.Enqueue(responder);
        return this;
    }

    public FakeVaultHandler Throw(Exception exception)
    {
        _responders.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>Answers every request not covered by the queue.</summary>
    public FakeVaultHandler Always(HttpStatusCode status, string? json = null)
    {
        _fallback = (_, _) => Task.FromResult(Create(status, json, null));
        return this;
    }

    public static HttpResponseMessage Create(HttpStatusCode status, string? json, Action<HttpResponseMessage>? configure)
    {
        var response = new HttpResponseMessage(status);
        if (json is not null)
        {
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(response);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, headers, body));
        RequestReceived?.Invoke(Requests.Count);
        if (_responders.TryDequeue(out var responder))
        {
            return await responder(request, cancellationToken);
        }

        if (_fallback is not null)
        {
            return await _fallback(request, cancellationToken);
        }

        throw new InvalidOperationException($"No response queued for {request.Method} {request.RequestUri}.");
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public string PathAndQuery => Uri.PathAndQuery;
}
