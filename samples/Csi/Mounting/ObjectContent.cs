// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>Turns a held snapshot into one object's file bytes (secretKey extraction, then encoding).</summary>
internal static class ObjectContent
{
    /// <summary>Renders an object.</summary>
    /// <param name="item">The object.</param>
    /// <param name="snapshot">The snapshot of its path.</param>
    /// <returns>The file bytes.</returns>
    /// <exception cref="MountInputException">The key is missing or the value does not decode; the message names the object and key, never the value.</exception>
    public static byte[] Render(CsiObject item, SecretSnapshot snapshot)
    {
        IReadOnlyDictionary<string, JsonElement> data = snapshot.Data;
        if (item.SecretKey is null)
        {
            // The whole data as JSON. vault-csi-provider writes the whole response envelope; Core keeps the data only.
            return JsonSerializer.SerializeToUtf8Bytes(data, CsiJsonContext.Default.IReadOnlyDictionaryStringJsonElement);
        }

        if (!data.TryGetValue(item.SecretKey, out JsonElement value))
        {
            throw new MountInputException($"The object '{item.ObjectName}': key '{item.SecretKey}' is not in the secret at '{item.SecretPath}'.");
        }

        string text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        try
        {
            return item.Encoding switch
            {
                CsiObjectEncoding.Base64 => Convert.FromBase64String(text),
                CsiObjectEncoding.Hex => Convert.FromHexString(text),
                _ => Encoding.UTF8.GetBytes(text),
            };
        }
        catch (FormatException)
        {
            throw new MountInputException($"The object '{item.ObjectName}': the value of key '{item.SecretKey}' is not valid {item.Encoding.ToString().ToLowerInvariant()}.");
        }
    }
}
