// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Templates;

/// <summary>Stops a render pass because a secret has not been fetched yet; the renderer fetches it and renders again.</summary>
internal sealed class MissingSecretException(TemplateSecretRequest request, TemplatePosition position)
    : Exception("A template secret has not been fetched yet.")
{
    public TemplateSecretRequest Request { get; } = request;

    public TemplatePosition Position { get; } = position;
}
