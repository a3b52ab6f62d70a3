// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

/// <summary>A secret source backed by a path table that records every request and rewrites KV v2 reads like a real fetcher.</summary>
internal sealed class FakeTemplateSecretSource : ITemplateSecretSource
{
    private readonly Dictionary<string, TemplateSecret> _secrets = new(StringComparer.Ordinal);
    private readonly List<string> _kvV2Mounts = [];

    public List<TemplateSecretRequest> Requests { get; } = [];

    /// <summary>Gets the paths actually read after KV v2 rewriting.</summary>
    public List<string> FetchedPaths { get; } = [];

    public FakeTemplateSecretSource Add(string path, TemplateSecret secret)
    {
        _secrets[path] = secret;
        return this;
    }

    /// <summary>Gets or sets the secret returned for any path not added explicitly.</summary>
    public TemplateSecret? Fallback { get; set; }

    public FakeTemplateSecretSource WithKvV2Mount(string mount)
    {
        _kvV2Mounts.Add(mount.Trim('/'));
        return this;
    }

    public ValueTask<TemplateSecret> GetSecretAsync(TemplateSecretRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Add(request);
        TemplateSecretRequest effective = request;
        foreach (string mount in _kvV2Mounts)
        {
            string path = request.PathWithoutQuery;
            if (path == mount || path.StartsWith(mount + "/", StringComparison.Ordinal))
            {
                effective = request.ForKvV2Mount(mount);
            }
        }

        FetchedPaths.Add(effective.Path);
        return _secrets.TryGetValue(effective.Path, out TemplateSecret? secret) || (secret = Fallback) is not null
            ? ValueTask.FromResult(secret)
            : throw new InvalidOperationException($"no secret exists at {effective.Path}");
    }
}
