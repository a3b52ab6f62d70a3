// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>A configuration value built from one secret's data with the Vault Agent template language, for example a connection string.</summary>
/// <remarks>
/// The user's text is parsed once, inside <c>{{ with secret ... }}</c>, so <c>.Data</c> is the secret's data (for KV version 2, the inner data);
/// parse errors surface at start-up with the configuration key, line and column.
/// </remarks>
internal sealed class CompositeValueTemplate
{
    private const string SecretName = "vault-kubernetes-configuration-value";
    private static readonly TemplateSecretRequest s_request = new(SecretName, []);
    private readonly VaultTemplate _template;

    public CompositeValueTemplate(string configurationKey, string text)
    {
        // The wrapper sits on the same line as the user's text, so reported line and column numbers stay the user's own (after the prefix).
        _template = VaultTemplate.Parse("{{ with secret \"" + SecretName + "\" }}" + text + "{{ end }}", configurationKey);
    }

    public string Render(SecretSnapshot snapshot)
    {
        JsonElement data = JsonSerializer.SerializeToElement(snapshot.Data, ConfigurationJsonContext.Default.IReadOnlyDictionaryStringJsonElement);
        var secrets = new Dictionary<TemplateSecretRequest, TemplateSecret> { [s_request] = new TemplateSecret(data) { LeaseId = snapshot.LeaseId } };
        return _template.Render(secrets);
    }
}
