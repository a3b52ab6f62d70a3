// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Builds the sync engine's specs from the configured secrets.</summary>
internal static class VaultSecretSpecs
{
    /// <summary>Returns the name prefix shared by the specs found under folder secret number <paramref name="index"/>.</summary>
    public static string FolderPrefix(string sectionName, int index) => Name(sectionName, index) + "/";

    /// <summary>Returns the spec name of secret number <paramref name="index"/>: its configuration key, which logs and events show.</summary>
    private static string Name(string sectionName, int index) => string.Create(CultureInfo.InvariantCulture, $"{sectionName}:Secrets:{index}");

    /// <summary>Builds the spec of secret number <paramref name="index"/>; template errors name the configuration key.</summary>
    public static SecretSpec Create(int index, VaultSecretOptions secret, string? keyPrefix, string sectionName, bool optional, string? relativePath = null)
    {
        string key = Name(sectionName, index);
        KeyValuePair<string, Func<SecretSnapshot, string>>[] composites = secret.Templates
            .Select(t => new KeyValuePair<string, Func<SecretSnapshot, string>>(t.Key, new CompositeValueTemplate($"{key}:Templates:{t.Key}", t.Value).Render))
            .ToArray();

        // A secret found under a recursive folder lives at folder/relative and gets the relative path as extra sections.
        string path = relativePath is null ? secret.Path! : secret.Path!.TrimEnd('/') + "/" + relativePath;
        string name = relativePath is null ? key : FolderPrefix(sectionName, index) + relativePath;
        return new SecretSpec(name, path, secret.Kind)
        {
            Version = secret.Version,
            Body = secret.Body.Count > 0 ? secret.Body : null,
            UseWrite = secret.Body.Count > 0,
            RefreshInterval = secret.RefreshInterval,
            Optional = optional,
            Transform = new ConfigurationSecretTransform(ConfigurationKeys.Combine(keyPrefix, secret.Section, relativePath), composites),
        };
    }
}
