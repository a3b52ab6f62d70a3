// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Templates;

/// <summary>Fetches the secrets a template asks for while it renders.</summary>
/// <remarks>
/// The renderer passes each request as written in the template. An implementation that reads through Vault should
/// detect KV version 2 mounts and fetch <see cref="TemplateSecretRequest.ForKvV2Mount(string)"/> for them, send
/// <see cref="TemplateSecretRequest.IsWrite"/> requests as a PUT with the parameters as the body, and throw when the
/// secret does not exist (consul-template reports <c>no secret exists at &lt;path&gt;</c>). Within one render each
/// distinct request is asked for once; an engine that renders several templates from the same secrets should put a
/// cache in front of its fetcher, keyed by <see cref="TemplateSecretRequest"/>, so each secret is fetched once per cycle.
/// </remarks>
public interface ITemplateSecretSource
{
    /// <summary>Returns the secret for one request.</summary>
    /// <param name="request">The request, as written in the template.</param>
    /// <param name="cancellationToken">A token that cancels the fetch.</param>
    /// <returns>The secret; never <see langword="null"/>.</returns>
    ValueTask<TemplateSecret> GetSecretAsync(TemplateSecretRequest request, CancellationToken cancellationToken = default);
}
