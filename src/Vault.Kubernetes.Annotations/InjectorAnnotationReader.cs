// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Vault.Kubernetes.Annotations;

/// <summary>Reads the injector-only annotations (see <see cref="SettingNames.InjectorOnly"/>) into <see cref="InjectorSettings"/>, listing every problem at once.</summary>
public static partial class InjectorAnnotationReader
{
    /// <summary>The agent's default user id, as vault-k8s.</summary>
    public const long DefaultRunAsUser = 100;

    /// <summary>The agent's default group id, as vault-k8s.</summary>
    public const long DefaultRunAsGroup = 1000;

    // Annotation suffix → (section, resource name, default); vault-k8s' defaults.
    private static readonly (string Annotation, bool Limit, string Resource, string? Default)[] s_resources =
    [
        ("agent-limits-cpu", true, "cpu", "500m"),
        ("agent-limits-mem", true, "memory", "128Mi"),
        ("agent-limits-ephemeral", true, "ephemeral-storage", null),
        ("agent-requests-cpu", false, "cpu", "250m"),
        ("agent-requests-mem", false, "memory", "64Mi"),
        ("agent-requests-ephemeral", false, "ephemeral-storage", null),
    ];

    /// <summary>Reads the annotations.</summary>
    /// <param name="annotations">The pod's annotations; other prefixes are ignored.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="annotations"/> is <see langword="null"/>.</exception>
    /// <exception cref="AgentConfigurationException">An annotation is malformed or two conflict; each error names the annotation.</exception>
    public static InjectorSettings Read(IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var errors = new List<string>();

        string? Get(string name) => annotations.TryGetValue(SettingNames.AnnotationPrefix + name, out string? value) ? value : null;

        bool Bool(string name, bool fallback)
        {
            string? text = Get(name);
            if (text is null)
            {
                return fallback;
            }

            if (SettingParser.TryParseBool(text.Trim(), out bool value))
            {
                return value;
            }

            errors.Add($"{SettingNames.AnnotationPrefix}{name}: '{text}' is not a boolean");
            return fallback;
        }

        long Id(string name, long fallback)
        {
            string? text = Get(name);
            if (text is null)
            {
                return fallback;
            }

            if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                return value;
            }

            errors.Add($"{SettingNames.AnnotationPrefix}{name}: '{text}' is not a non-negative integer id");
            return fallback;
        }

        var limits = new Dictionary<string, string>(StringComparer.Ordinal);
        var requests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string annotation, bool limit, string resource, string? fallback) in s_resources)
        {
            string? text = Get(annotation)?.Trim() ?? fallback;
            if (string.IsNullOrEmpty(text))
            {
                // An empty annotation drops the entry, as in vault-k8s.
                continue;
            }

            if (!QuantityPattern().IsMatch(text))
            {
                errors.Add($"{SettingNames.AnnotationPrefix}{annotation}: '{text}' is not a Kubernetes quantity");
                continue;
            }

            (limit ? limits : requests)[resource] = text;
        }

        bool prePopulate = Bool("agent-pre-populate", true);
        bool prePopulateOnly = Bool(SettingNames.PrePopulateOnly, false);
        if (!prePopulate && prePopulateOnly)
        {
            errors.Add($"{SettingNames.AnnotationPrefix}{SettingNames.PrePopulateOnly}: conflicts with {SettingNames.AnnotationPrefix}agent-pre-populate: \"false\" (no agent container would be left)");
        }

        string volumePath = Get(SettingNames.SecretVolumePath)?.Trim() is { Length: > 0 } path ? path : AgentDefaults.SecretVolumePath;
        if (!volumePath.StartsWith('/'))
        {
            errors.Add($"{SettingNames.AnnotationPrefix}{SettingNames.SecretVolumePath}: '{volumePath}' is not an absolute path");
        }

        string? containers = Get("agent-inject-containers");
        var settings = new InjectorSettings
        {
            Inject = Bool(SettingNames.Inject, false),
            Status = Get(SettingNames.InjectStatus),
            Image = Get("agent-image")?.Trim() is { Length: > 0 } image ? image : null,
            InitFirst = Bool(SettingNames.InitFirst, false),
            PrePopulate = prePopulate,
            PrePopulateOnly = prePopulateOnly,
            SecretVolumePath = volumePath,
            Limits = limits,
            Requests = requests,
            SetSecurityContext = Bool("agent-set-security-context", true),
            RunAsUser = Id("agent-run-as-user", DefaultRunAsUser),
            RunAsGroup = Id("agent-run-as-group", DefaultRunAsGroup),
            Containers = string.IsNullOrWhiteSpace(containers) ? null : [.. containers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            ServiceAccountTokenVolumeName = Get("agent-service-account-token-volume-name")?.Trim() is { Length: > 0 } volume ? volume : null,
        };

        if (errors.Count > 0)
        {
            throw new AgentConfigurationException(errors.Distinct(StringComparer.Ordinal).ToList());
        }

        return settings;
    }

    // Kubernetes resource.Quantity: a signed decimal with an optional binary/decimal SI suffix or exponent.
    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();
}
