// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;

namespace Vault.Kubernetes.Benchmarks;

/// <summary>Answers every request with the same pre-encoded JSON body, so the benchmark measures the client, not a network.</summary>
internal sealed class InMemoryVaultHandler(byte[] body) : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = s_json;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
