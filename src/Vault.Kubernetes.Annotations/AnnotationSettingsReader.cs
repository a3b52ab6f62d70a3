// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Vault.Kubernetes.Annotations;

/// <summary>Turns the pod's <c>vault.hashicorp.com/</c> annotations into <see cref="RawAgentSettings"/>, as the injector reads them.</summary>
internal static class AnnotationSettingsReader
{
    /// <summary>Reads the annotations; other prefixes are ignored, unknown <c>vault.hashicorp.com/</c> ones become warnings.</summary>
    /// <param name="annotations">The pod's annotations.</param>
    /// <returns>The settings, with warnings and reading errors.</returns>
    public static RawAgentSettings Read(IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var settings = new RawAgentSettings();
        var ours = annotations
            .Where(a => a.Key.StartsWith(SettingNames.AnnotationPrefix, StringComparison.Ordinal))
            .Select(a => (Full: a.Key, Suffix: a.Key[SettingNames.AnnotationPrefix.Length..], a.Value))
            .OrderBy(a => a.Full, StringComparer.Ordinal)
            .ToList();

        var secrets = new Dictionary<string, RawSecret>(StringComparer.Ordinal);
        foreach ((string full, string suffix, string value) in ours.Where(a => a.Suffix.StartsWith(SettingNames.Secret, StringComparison.Ordinal)))
        {
            string name = suffix[SettingNames.Secret.Length..];
            if (name.Length == 0)
            {
                settings.Errors.Add($"{full}: the annotation needs a secret name after '{SettingNames.Secret}'");
                continue;
            }

            var secret = new RawSecret(name, full);
            secret.Settings[SettingNames.Secret] = new RawSetting(value, full);
            secrets[name] = secret;
            settings.Secrets.Add(secret);
        }

        foreach ((string full, string suffix, string value) in ours.Where(a => !a.Suffix.StartsWith(SettingNames.Secret, StringComparison.Ordinal)))
        {
            if (SettingNames.GlobalAnnotations.Contains(suffix))
            {
                settings.Global[suffix] = new RawSetting(value, full);
            }
            else if (SettingNames.InjectorOnly.Contains(suffix))
            {
                // Read by the webhook when it shapes the pod; nothing for the agent to do.
            }
            else if (!TryAssignPerSecret(suffix, full, value, secrets, settings))
            {
                settings.Warnings.Add($"{full}: unknown or unsupported annotation; ignored");
            }
        }

        return settings;
    }

    private static bool TryAssignPerSecret(string suffix, string full, string value, Dictionary<string, RawSecret> secrets, RawAgentSettings settings)
    {
        string? orphan = null;
        foreach (string prefix in SettingNames.PerSecretPrefixes)
        {
            if (!suffix.StartsWith(prefix, StringComparison.Ordinal) || suffix.Length == prefix.Length)
            {
                continue;
            }

            // "agent-inject-template-file-x" is the template file of "x", unless a secret is really named "file-x".
            string name = suffix[prefix.Length..];
            if (secrets.TryGetValue(name, out RawSecret? secret))
            {
                secret.Settings[prefix] = new RawSetting(value, full);
                return true;
            }

            orphan ??= name;
        }

        if (orphan is null)
        {
            return false;
        }

        settings.Errors.Add($"{full}: there is no secret named '{orphan}' (expected an annotation {SettingNames.AnnotationPrefix}{SettingNames.Secret}{orphan})");
        return true;
    }
}
