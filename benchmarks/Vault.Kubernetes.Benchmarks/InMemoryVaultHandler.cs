// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;

namespace Vault.Kubernetes.Benchmarks;

/// <summary>Answers every request with the same pre-encoded JSON body, so the benchmark measures the client, not a network.</summary>
/// <remarks>With <paramref name="mountBody"/>, KV mount lookups (<c>sys/internal/ui/mounts/</c>) get that body instead.</remarks>
internal sealed class InMemoryVaultHandler(byte[] body, byte[]? mountBody = null) : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool mountLookup = mountBody is not null && request.RequestUri!.AbsolutePath.Contains("/sys/internal/ui/mounts/", StringComparison.Ordinal);
        var content = new ByteArrayContent(mountLookup ? mountBody! : body);
        content.Headers.ContentType = s_json;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
