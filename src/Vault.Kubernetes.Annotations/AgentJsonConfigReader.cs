// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Vault.Kubernetes.Annotations;

/// <summary>Reads the agent's JSON configuration file (<c>--config agent.json</c>): the annotations' settings in camelCase, with every problem named by its JSON field path.</summary>
/// <remarks>The agent's own format; the injector has no use for it, but it shares the annotations' validation through <see cref="AgentConfigBuilder"/>.</remarks>
public static class AgentJsonConfigReader
{
    private static readonly Dictionary<string, string> s_globalNames = new(StringComparer.Ordinal)
    {
        [SettingNames.Role] = "role",
        [SettingNames.AuthPath] = "authPath",
        [SettingNames.AuthType] = "authType",
        [SettingNames.Namespace] = "namespace",
        [SettingNames.Service] = "vaultAddress",
        [SettingNames.CaCert] = "caCert",
        [SettingNames.TlsSkipVerify] = "tlsSkipVerify",
        [SettingNames.TlsServerName] = "tlsServerName",
        [SettingNames.SecretVolumePath] = "secretVolumePath",
        [SettingNames.PrePopulateOnly] = "prePopulateOnly",
        [SettingNames.StaticSecretRenderInterval] = "staticSecretRenderInterval",
        [SettingNames.DefaultTemplate] = "defaultTemplate",
        [SettingNames.InjectToken] = "injectToken",
        [SettingNames.PreserveSecretCase] = "preserveSecretCase",
        [SettingNames.TokenPath] = "tokenPath",
        [SettingNames.RevokeOnShutdown] = "revokeOnShutdown",
        [SettingNames.CacheEnable] = "cacheEnable",
        [SettingNames.TokenSinkPath] = "tokenSinkPath",
        [SettingNames.CommandTimeout] = "commandTimeout",
        [SettingNames.Secret] = "an entry in 'secrets'",
    };

    /// <summary>Builds the configuration from a JSON file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The configuration; unknown fields are listed in <see cref="AgentConfig.Warnings"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="AgentConfigurationException">The file cannot be read, is not valid JSON, or a setting is missing or malformed.</exception>
    public static AgentConfig ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(AnnotationConfigReader.ReadAllText(path), path);
    }

    /// <summary>Builds the configuration from JSON text.</summary>
    /// <param name="json">The file's content.</param>
    /// <param name="fileName">The file's path, for messages.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="AgentConfigurationException">The JSON is malformed, or a setting is missing or malformed; every problem is named.</exception>
    public static AgentConfig Read(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        return AgentConfigBuilder.Build(ReadSettings(json, fileName), Describe);
    }

    private static string Describe(string name) => s_globalNames.TryGetValue(name, out string? json) ? json : name;

    private static RawAgentSettings ReadSettings(string json, string fileName)
    {
        AgentConfigDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, AgentJsonContext.Default.AgentConfigDocument);
        }
        catch (JsonException ex)
        {
            // The message of a JsonException may quote a few characters of input, never a secret: the file holds paths and templates.
            throw new AgentConfigurationException($"{fileName}: {ex.Path ?? "$"}: invalid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", ex);
        }

        if (document is null)
        {
            throw new AgentConfigurationException($"{fileName}: the file holds null instead of a configuration object");
        }

        var settings = new RawAgentSettings();
        Add(settings, SettingNames.Role, document.Role);
        Add(settings, SettingNames.AuthPath, document.AuthPath);
        Add(settings, SettingNames.AuthType, document.AuthType);
        Add(settings, SettingNames.Namespace, document.Namespace);
        Add(settings, SettingNames.Service, document.VaultAddress);
        Add(settings, SettingNames.CaCert, document.CaCert);
        Add(settings, SettingNames.TlsSkipVerify, document.TlsSkipVerify);
        Add(settings, SettingNames.TlsServerName, document.TlsServerName);
        Add(settings, SettingNames.SecretVolumePath, document.SecretVolumePath);
        Add(settings, SettingNames.PrePopulateOnly, document.PrePopulateOnly);
        Add(settings, SettingNames.StaticSecretRenderInterval, document.StaticSecretRenderInterval);
        Add(settings, SettingNames.DefaultTemplate, document.DefaultTemplate);
        Add(settings, SettingNames.InjectToken, document.InjectToken);
        Add(settings, SettingNames.PreserveSecretCase, document.PreserveSecretCase);
        Add(settings, SettingNames.TokenPath, document.TokenPath);
        Add(settings, SettingNames.RevokeOnShutdown, document.RevokeOnShutdown);
        Add(settings, SettingNames.CacheEnable, document.CacheEnable);
        Add(settings, SettingNames.TokenSinkPath, document.TokenSinkPath);
        Add(settings, SettingNames.CommandTimeout, document.CommandTimeout);
        WarnUnknown(settings, document.Unknown, string.Empty);

        List<AgentSecretDocument> secrets = document.Secrets ?? [];
        for (int i = 0; i < secrets.Count; i++)
        {
            AgentSecretDocument s = secrets[i];
            string at = $"secrets[{i}]";
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                settings.Errors.Add($"{at}.name: a name is required");
                continue;
            }

            if (s.Path is null)
            {
                settings.Errors.Add($"{at}.path: a Vault path is required");
                continue;
            }

            var secret = new RawSecret(s.Name, $"{at} ({s.Name})");
            Add(secret, at, "path", SettingNames.Secret, s.Path);
            Add(secret, at, "kind", SettingNames.Kind, s.Kind);
            Add(secret, at, "template", SettingNames.Template, s.Template);
            Add(secret, at, "templateFile", SettingNames.TemplateFile, s.TemplateFile);
            Add(secret, at, "file", SettingNames.File, s.File);
            Add(secret, at, "perms", SettingNames.Perms, s.Perms);
            Add(secret, at, "command", SettingNames.Command, s.Command);
            Add(secret, at, "errorOnMissingKey", SettingNames.ErrorOnMissingKey, Bool(s.ErrorOnMissingKey));
            Add(secret, at, "leftDelimiter", SettingNames.LeftDelimiter, s.LeftDelimiter);
            Add(secret, at, "rightDelimiter", SettingNames.RightDelimiter, s.RightDelimiter);
            Add(secret, at, "secretVolumePath", SettingNames.SecretVolumePathOf, s.SecretVolumePath);
            Add(secret, at, "preserveSecretCase", SettingNames.PreserveSecretCaseOf, Bool(s.PreserveSecretCase));
            WarnUnknown(settings, s.Unknown, at + ".");
            if (settings.Secrets.Any(existing => string.Equals(existing.Name, s.Name, StringComparison.Ordinal)))
            {
                settings.Errors.Add($"{at}.name: the name '{s.Name}' is used twice");
                continue;
            }

            settings.Secrets.Add(secret);
        }

        return settings;
    }

    private static void Add(RawAgentSettings settings, string name, string? value)
    {
        if (value is not null)
        {
            settings.Global[name] = new RawSetting(value, Describe(name));
        }
    }

    private static void Add(RawAgentSettings settings, string name, bool? value) => Add(settings, name, Bool(value));

    private static void Add(RawSecret secret, string at, string field, string name, string? value)
    {
        if (value is not null)
        {
            secret.Settings[name] = new RawSetting(value, $"{at}.{field}");
        }
    }

    private static string? Bool(bool? value) => value switch
    {
        true => "true",
        false => "false",
        null => null,
    };

    private static void WarnUnknown(RawAgentSettings settings, Dictionary<string, JsonElement>? unknown, string at)
    {
        foreach (string key in unknown?.Keys.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())
        {
            settings.Warnings.Add($"{at}{key}: unknown setting; ignored");
        }
    }
}
