// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Operator.Kube;
using Vault.Kubernetes.Templates;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Operator.Resources;

/// <summary>Turns a VaultStaticSecret or VaultDynamicSecret object into a <see cref="SyncResource"/>, or a <see cref="SpecException"/> naming the field.</summary>
/// <remarks>The CRD schemas reject most mistakes at admission; this check repeats the ones that matter so a cluster without schema validation still gets a clear condition, never a crash.</remarks>
internal static partial class SpecParser
{
    private static readonly string[] s_restartKinds = ["Deployment", "StatefulSet", "DaemonSet", "argo.Rollout"];

    public static SyncResource Parse(ResourceKind kind, JsonObject obj)
    {
        JsonObject spec = obj["spec"] as JsonObject ?? throw new SpecException("spec", "is required");
        bool isStatic = ReferenceEquals(kind, ResourceKind.Static);
        var paths = new List<VaultPathSpec> { isStatic ? StaticPath(spec, "spec") : DynamicPath(spec, "spec") };
        if (spec["additionalPaths"] is JsonArray extra)
        {
            for (int i = 0; i < extra.Count; i++)
            {
                string field = $"spec.additionalPaths[{i}]";
                JsonObject entry = extra[i] as JsonObject ?? throw new SpecException(field, "must be an object");
                paths.Add(isStatic ? StaticPath(entry, field) : DynamicPath(entry, field));
            }
        }

        int renewal = (int?)Number(spec, "renewalPercent", "spec.renewalPercent") ?? 67;
        if (renewal is < 0 or > 100)
        {
            throw new SpecException("spec.renewalPercent", "must be between 0 and 90");
        }

        return new SyncResource
        {
            Kind = kind,
            Namespace = KubeObject.Namespace(obj),
            Name = KubeObject.Name(obj),
            Uid = KubeObject.Uid(obj),
            Generation = KubeObject.Generation(obj),
            VaultAuthRef = String(spec, "vaultAuthRef", "spec.vaultAuthRef"),
            VaultNamespace = String(spec, "namespace", "spec.namespace"),
            Paths = paths,
            RefreshAfter = Duration(spec, "refreshAfter", "spec.refreshAfter"),

            // VSO caps the renewal point at 90% so a renewal always has time to happen.
            RenewalPercent = Math.Clamp(renewal, 1, 90),
            Revoke = Bool(spec, "revoke", "spec.revoke") ?? false,
            HmacSecretData = Bool(spec, "hmacSecretData", "spec.hmacSecretData") ?? true,
            RolloutRestartTargets = RestartTargets(spec),
            Destination = ParseDestination(spec, obj),
            SecretMac = (string?)obj["status"]?["secretMAC"],
        };
    }

    /// <summary>Parses VSO's duration strings (<c>30s</c>, <c>1.5h</c>); the CRD pattern is <c>^([0-9]+(\.[0-9]+)?(s|m|h))$</c>.</summary>
    public static TimeSpan? ParseDuration(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        Match match = DurationPattern().Match(text);
        if (!match.Success)
        {
            throw new SpecException(field, $"'{text}' is not a duration like 30s, 5m or 1.5h");
        }

        double value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        TimeSpan result = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromHours(value),
        };
        return result > TimeSpan.Zero ? result : throw new SpecException(field, "must be positive");
    }

    private static VaultPathSpec StaticPath(JsonObject spec, string at)
    {
        string mount = Required(spec, "mount", at + ".mount");
        string path = Required(spec, "path", at + ".path");
        string type = Required(spec, "type", at + ".type");
        SecretSourceKind kind = type switch
        {
            "kv-v1" => SecretSourceKind.KvV1,
            "kv-v2" => SecretSourceKind.KvV2,
            _ => throw new SpecException(at + ".type", $"'{type}' is not kv-v1 or kv-v2"),
        };
        long? version = Number(spec, "version", at + ".version");
        if (version is < 0)
        {
            throw new SpecException(at + ".version", "must be 0 or more");
        }

        if (version is > 0 && kind != SecretSourceKind.KvV2)
        {
            throw new SpecException(at + ".version", "applies to kv-v2 only");
        }

        return new VaultPathSpec(mount, path, kind) { Version = version is > 0 ? (int)version : null };
    }

    private static VaultPathSpec DynamicPath(JsonObject spec, string at)
    {
        string mount = Required(spec, "mount", at + ".mount");
        string path = Required(spec, "path", at + ".path");
        string? method = String(spec, "requestHTTPMethod", at + ".requestHTTPMethod");
        if (method is not (null or "GET" or "POST" or "PUT"))
        {
            throw new SpecException(at + ".requestHTTPMethod", $"'{method}' is not GET, POST or PUT");
        }

        Dictionary<string, string>? parameters = null;
        if (spec["params"] is JsonObject map)
        {
            parameters = map.ToDictionary(p => p.Key, p => p.Value?.GetValueKind() == JsonValueKind.String ? (string)p.Value! : p.Value?.ToJsonString() ?? string.Empty, StringComparer.Ordinal);
        }

        SecretSourceKind kind = Bool(spec, "allowStaticCreds", at + ".allowStaticCreds") == true ? SecretSourceKind.StaticCredentials : SecretSourceKind.Dynamic;
        return new VaultPathSpec(mount, path, kind) { Params = parameters, UseWrite = parameters is not null || method is "POST" or "PUT" };
    }

    private static List<RolloutTarget> RestartTargets(JsonObject spec)
    {
        var targets = new List<RolloutTarget>();
        if (spec["rolloutRestartTargets"] is not JsonArray list)
        {
            return targets;
        }

        for (int i = 0; i < list.Count; i++)
        {
            string field = $"spec.rolloutRestartTargets[{i}]";
            JsonObject item = list[i] as JsonObject ?? throw new SpecException(field, "must be an object");
            string kind = Required(item, "kind", field + ".kind");
            if (!s_restartKinds.Contains(kind, StringComparer.Ordinal))
            {
                throw new SpecException(field + ".kind", $"'{kind}' is not Deployment, StatefulSet, DaemonSet or argo.Rollout");
            }

            targets.Add(new RolloutTarget(kind, Required(item, "name", field + ".name")));
        }

        return targets;
    }

    private static Destination ParseDestination(JsonObject spec, JsonObject obj)
    {
        JsonObject destination = spec["destination"] as JsonObject ?? throw new SpecException("spec.destination", "is required");
        JsonObject? transformation = destination["transformation"] as JsonObject;
        if (transformation?["transformationRefs"] is JsonArray { Count: > 0 })
        {
            throw new SpecException("spec.destination.transformation.transformationRefs", "SecretTransformation references are not supported by this operator yet; write the templates inline in spec.destination.transformation.templates");
        }

        JsonObject metadata = obj["metadata"] as JsonObject ?? [];

        return new Destination
        {
            Name = Required(destination, "name", "spec.destination.name"),
            Create = Bool(destination, "create", "spec.destination.create") ?? false,
            Overwrite = Bool(destination, "overwrite", "spec.destination.overwrite") ?? false,
            Labels = Map(destination, "labels"),
            Annotations = Map(destination, "annotations"),
            Type = String(destination, "type", "spec.destination.type") ?? "Opaque",
            Includes = Patterns(transformation, "includes"),
            Excludes = Patterns(transformation, "excludes"),
            ExcludeRaw = transformation is not null && (Bool(transformation, "excludeRaw", "spec.destination.transformation.excludeRaw") ?? false),
            Templates = Templates(transformation),
            SourceAnnotations = Map(metadata, "annotations"),
            SourceLabels = Map(metadata, "labels"),
        };
    }

    /// <summary>Parses <c>transformation.templates</c> (key to <c>{name, text}</c>) with sprig functions, as VSO renders them; an error names the template's field, line and column.</summary>
    private static List<DestinationTemplate> Templates(JsonObject? transformation)
    {
        var templates = new List<DestinationTemplate>();
        if (transformation?["templates"] is not { } node)
        {
            return templates;
        }

        JsonObject map = node as JsonObject ?? throw new SpecException("spec.destination.transformation.templates", "must be a map of key to {name, text}");
        foreach ((string key, JsonNode? value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string field = $"spec.destination.transformation.templates.{key}";
            JsonObject template = value as JsonObject ?? throw new SpecException(field, "must be an object with text");
            string text = template["text"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? (string)t! : throw new SpecException(field + ".text", "is required");
            try
            {
                templates.Add(new DestinationTemplate(key, VaultTemplate.Parse(text, new TemplateParseOptions { Name = key, Functions = TemplateFunctionSet.Sprig })));
            }
            catch (TemplateParseException ex)
            {
                throw new SpecException(field + ".text", ex.Message);
            }
        }

        return templates;
    }

    private static List<Regex> Patterns(JsonObject? transformation, string name)
    {
        var patterns = new List<Regex>();
        if (transformation?[name] is not JsonArray list)
        {
            return patterns;
        }

        for (int i = 0; i < list.Count; i++)
        {
            string field = $"spec.destination.transformation.{name}[{i}]";
            string text = (string?)list[i] ?? throw new SpecException(field, "must be a string");
            try
            {
                patterns.Add(new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
            }
            catch (ArgumentException)
            {
                throw new SpecException(field, $"'{text}' is not a valid regular expression");
            }
        }

        return patterns;
    }

    private static Dictionary<string, string> Map(JsonObject obj, string name) =>
        obj[name] is JsonObject map ? map.ToDictionary(p => p.Key, p => (string?)p.Value ?? string.Empty, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);

    private static string Required(JsonObject obj, string name, string field) =>
        String(obj, name, field) is { Length: > 0 } value ? value : throw new SpecException(field, "is required");

    private static string? String(JsonObject obj, string name, string field) => obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => ((string)v!).Trim(),
        _ => throw new SpecException(field, "must be a string"),
    };

    private static bool? Bool(JsonObject obj, string name, string field) => obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => (bool)v,
        _ => throw new SpecException(field, "must be true or false"),
    };

    private static long? Number(JsonObject obj, string name, string field) => obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long l) => l,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) => i,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out JsonElement e) && e.TryGetInt64(out long x) => x,
        _ => throw new SpecException(field, "must be a whole number"),
    };

    private static TimeSpan? Duration(JsonObject obj, string name, string field) => ParseDuration(String(obj, name, field), field);

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
