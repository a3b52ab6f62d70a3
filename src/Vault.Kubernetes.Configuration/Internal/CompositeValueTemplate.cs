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
/// parse errors surface at start-up with the configuration key, and the line and column in the user's own text.
/// </remarks>
internal sealed class CompositeValueTemplate
{
    private const string SecretName = "vault-kubernetes-configuration-value";
    private const string Prefix = "{{ with secret \"" + SecretName + "\" }}";
    private static readonly TemplateSecretRequest s_request = new(SecretName, []);
    private readonly VaultTemplate _template;

    public CompositeValueTemplate(string configurationKey, string text)
    {
        try
        {
            _template = VaultTemplate.Parse(Prefix + text + "{{ end }}", configurationKey);
        }
        catch (TemplateParseException ex)
        {
            (int line, int column) = UserPosition(ex);
            throw new TemplateParseException(ex.TemplateName, line, column, ex.Construct, ex.Reason);
        }
    }

    public string Render(SecretSnapshot snapshot)
    {
        JsonElement data = JsonSerializer.SerializeToElement(snapshot.Data, ConfigurationJsonContext.Default.IReadOnlyDictionaryStringJsonElement);
        var secrets = new Dictionary<TemplateSecretRequest, TemplateSecret> { [s_request] = new TemplateSecret(data) { LeaseId = snapshot.LeaseId } };
        try
        {
            return _template.Render(secrets);
        }
        catch (TemplateRenderException ex)
        {
            (int line, int column) = UserPosition(ex);
            throw new TemplateRenderException(ex.TemplateName, line, column, ex.Construct, ex.Reason);
        }
    }

    // The wrapper's prefix sits on the user's first line: columns there are shifted by its length, never below 1.
    private static (int Line, int Column) UserPosition(TemplateException ex) =>
        (ex.Line, ex.Line == 1 ? Math.Max(1, ex.Column - Prefix.Length) : ex.Column);
}
