// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using Vault.Kubernetes.Csi.Protocol;

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>Reads a <see cref="MountRequest"/> as the driver sends it (attributes JSON, permission) into <see cref="MountParameters"/>.</summary>
internal static class MountRequestParser
{
    private const string PodNamespaceKey = "csi.storage.k8s.io/pod.namespace";
    private const string PodNameKey = "csi.storage.k8s.io/pod.name";
    private const string PodUidKey = "csi.storage.k8s.io/pod.uid";
    private const string ServiceAccountKey = "csi.storage.k8s.io/serviceAccount.name";
    private const string TokensKey = "csi.storage.k8s.io/serviceAccount.tokens";

    /// <summary>Parses a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="defaultAuthMountPath">The auth mount when the class names none.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="MountInputException">A parameter is missing or malformed; the message names it.</exception>
    public static MountParameters Parse(MountRequest request, string defaultAuthMountPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        Dictionary<string, string> attributes = ReadStringMap(request.Attributes, "attributes");
        string role = Optional(attributes, "roleName") ?? throw new MountInputException("Parameter 'roleName' is required: set it to the Vault Kubernetes auth role of the pod's service account.");
        string? vaultMount = Optional(attributes, "vaultKubernetesMountPath");
        string? authMount = Optional(attributes, "vaultAuthMountPath");
        if (vaultMount is not null && authMount is not null)
        {
            throw new MountInputException("Parameters 'vaultKubernetesMountPath' and 'vaultAuthMountPath' name the same thing: set only one.");
        }

        string? caPath = Optional(attributes, "vaultCACertPath");
        string? caDirectory = Optional(attributes, "vaultCADirectory");
        if (caDirectory is not null && caPath is null)
        {
            // Core takes one PEM bundle; a directory is read into one at mount time.
            caPath = ReadCaDirectory(caDirectory);
        }

        string? audience = Optional(attributes, "audience");
        return new MountParameters
        {
            RoleName = role,
            VaultAddress = Optional(attributes, "vaultAddress"),
            AuthMountPath = vaultMount ?? authMount ?? defaultAuthMountPath,
            VaultNamespace = Optional(attributes, "vaultNamespace"),
            CaCertificate = caPath,
            TlsServerName = Optional(attributes, "vaultTLSServerName"),
            SkipTlsVerify = ParseBool(attributes, "vaultSkipTLSVerify"),
            Audience = audience,
            Objects = ObjectsParser.Parse(Optional(attributes, "objects") ?? throw new MountInputException("Parameter 'objects' is required: list at least one object (objectName, secretPath).")),
            PodNamespace = Optional(attributes, PodNamespaceKey) ?? throw new MountInputException($"Attribute '{PodNamespaceKey}' is missing: the CSIDriver needs podInfoOnMount: true."),
            PodName = Optional(attributes, PodNameKey) ?? string.Empty,
            PodUid = Optional(attributes, PodUidKey) ?? string.Empty,
            ServiceAccountName = Optional(attributes, ServiceAccountKey) ?? throw new MountInputException($"Attribute '{ServiceAccountKey}' is missing: the CSIDriver needs podInfoOnMount: true."),
            PodToken = SelectToken(Optional(attributes, TokensKey), audience),
            SecretProviderClass = Optional(attributes, "secretProviderClass") ?? string.Empty,
            DefaultMode = ParseMode(request.Permission),
            TargetPath = request.TargetPath ?? string.Empty,
        };
    }

    private static Dictionary<string, string> ReadStringMap(string json, string field)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new MountInputException($"Field '{field}' is empty: the driver sends the SecretProviderClass parameters as a JSON object.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new MountInputException($"Field '{field}' is not a JSON object.");
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }

            return map;
        }
        catch (JsonException)
        {
            // The exception text may quote the input, which can hold tokens: say where, not what.
            throw new MountInputException($"Field '{field}' is not valid JSON.");
        }
    }

    private static string? Optional(Dictionary<string, string> attributes, string key) =>
        attributes.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static bool ParseBool(Dictionary<string, string> attributes, string key)
    {
        string? value = Optional(attributes, key);
        if (value is null)
        {
            return false;
        }

        return bool.TryParse(value, out bool parsed)
            ? parsed
            : throw new MountInputException($"Parameter '{key}' must be 'true' or 'false'.");
    }

    private static int ParseMode(string permission)
    {
        if (string.IsNullOrWhiteSpace(permission))
        {
            return 420;
        }

        return int.TryParse(permission, NumberStyles.None, CultureInfo.InvariantCulture, out int mode) && mode is >= 0 and <= 511
            ? mode
            : throw new MountInputException("Field 'permission' must be a decimal file mode between 0 and 511 (the driver sends 420 for 0644).");
    }

    private static string? SelectToken(string? tokensJson, string? audience)
    {
        if (tokensJson is null)
        {
            return null;
        }

        string key = audience ?? "vault";
        try
        {
            using JsonDocument document = JsonDocument.Parse(tokensJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(key, out JsonElement entry)
                && entry.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("token", out JsonElement token)
                && token.ValueKind == JsonValueKind.String
                && !string.IsNullOrEmpty(token.GetString()))
            {
                return token.GetString();
            }
        }
        catch (JsonException)
        {
            throw new MountInputException($"Attribute '{TokensKey}' is not valid JSON.");
        }

        if (audience is not null)
        {
            throw new MountInputException($"Parameter 'audience' is '{audience}' but the driver sent no token for it in '{TokensKey}': add it to the CSIDriver's tokenRequests.");
        }

        return null;
    }

    private static string ReadCaDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new MountInputException($"Parameter 'vaultCADirectory' names '{directory}', which is not a directory on the provider pod.");
        }

        var bundle = new System.Text.StringBuilder();
        foreach (string file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            bundle.Append(System.IO.File.ReadAllText(file)).Append('\n');
        }

        return bundle.ToString();
    }
}
