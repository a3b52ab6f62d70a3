// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Annotations;

/// <summary>Validates <see cref="RawAgentSettings"/> into an <see cref="AgentConfig"/>, collecting every error (each naming its annotation or field) before failing.</summary>
public sealed class AgentConfigBuilder
{
    private readonly RawAgentSettings _raw;
    private readonly List<string> _errors;
    private readonly List<string> _warnings;
    private readonly bool _checkFilesExist;

    private AgentConfigBuilder(RawAgentSettings raw, bool checkFilesExist)
    {
        _raw = raw;
        _checkFilesExist = checkFilesExist;
        _errors = [.. raw.Errors];
        _warnings = [.. raw.Warnings];
    }

    /// <summary>Validates the settings.</summary>
    /// <param name="raw">The settings as read.</param>
    /// <param name="describe">Names a setting that is missing (for example <c>role</c> → <c>vault.hashicorp.com/role</c>).</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="AgentConfigurationException">Any setting is missing or malformed; all problems are listed.</exception>
    public static AgentConfig Build(RawAgentSettings raw, Func<string, string> describe)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(describe);
        return new AgentConfigBuilder(raw, checkFilesExist: true).Build(describe);
    }

    /// <summary>Validates the settings, optionally without checking that the files they name exist.</summary>
    /// <param name="raw">The settings as read.</param>
    /// <param name="describe">Names a setting that is missing (for example <c>role</c> → <c>vault.hashicorp.com/role</c>).</param>
    /// <param name="checkFilesExist"><see langword="false"/> when the files live elsewhere, as for the injector webhook, which sees the pod's paths but not its file system.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="AgentConfigurationException">Any setting is missing or malformed; all problems are listed.</exception>
    public static AgentConfig Build(RawAgentSettings raw, Func<string, string> describe, bool checkFilesExist)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(describe);
        return new AgentConfigBuilder(raw, checkFilesExist).Build(describe);
    }

    private AgentConfig Build(Func<string, string> describe)
    {
        string? role = Text(SettingNames.Role);
        if (role is null)
        {
            _errors.Add($"{describe(SettingNames.Role)}: a Vault role is required");
        }

        if (_raw.Global.TryGetValue(SettingNames.AuthType, out RawSetting authType) && !string.Equals(authType.Value.Trim(), "kubernetes", StringComparison.Ordinal))
        {
            _errors.Add($"{authType.Source}: auth type '{authType.Value}' is not supported (only 'kubernetes')");
        }

        string volume = AbsolutePath(SettingNames.SecretVolumePath) ?? AgentDefaults.SecretVolumePath;
        bool preserveCase = Bool(SettingNames.PreserveSecretCase) ?? false;
        DefaultTemplateFormat format = DefaultFormat();
        string? tokenSink = AbsolutePath(SettingNames.TokenSinkPath);
        if (tokenSink is null && (Bool(SettingNames.InjectToken) ?? false))
        {
            tokenSink = Path.Join(volume, AgentDefaults.TokenFileName);
        }

        var files = new List<AgentFileSpec>();
        foreach (RawSecret secret in _raw.Secrets)
        {
            if (BuildFile(secret, volume, preserveCase, format) is AgentFileSpec file)
            {
                files.Add(file);
            }
        }

        foreach (IGrouping<string, AgentFileSpec> clash in files.GroupBy(f => f.Destination, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            _errors.Add($"{string.Join(", ", clash.Select(f => f.Source))}: all render to {clash.Key}");
        }

        var templates = new Dictionary<string, SecretTemplate>(StringComparer.Ordinal);
        foreach (AgentFileSpec file in files)
        {
            try
            {
                templates[file.Name] = AgentFileTemplate.Create(file);
            }
            catch (AgentConfigurationException ex)
            {
                _errors.AddRange(ex.Errors);
            }
        }

        if (tokenSink is not null && files.Any(f => string.Equals(f.Destination, tokenSink, StringComparison.Ordinal)))
        {
            _errors.Add($"{describe(SettingNames.InjectToken)}: the token file {tokenSink} is also a secret file");
        }

        if (_raw.Secrets.Count == 0 && tokenSink is null && _raw.Errors.Count == 0)
        {
            string what = describe(SettingNames.Secret);
            _errors.Add($"no secrets to render: add {(what.EndsWith('-') ? what + "<name> annotation" : what)}");
        }

        AgentConfig config = new()
        {
            Connection = new VaultConnectionOptions
            {
                Address = Address(),
                Namespace = Text(SettingNames.Namespace),
                CaCertificate = ExistingFile(SettingNames.CaCert),
                SkipTlsVerify = Bool(SettingNames.TlsSkipVerify) ?? false,
                TlsServerName = Text(SettingNames.TlsServerName),
                Kubernetes =
                {
                    Role = role,
                    MountPath = AuthMountPath(),
                    TokenPath = AbsolutePath(SettingNames.TokenPath) ?? AgentDefaults.TokenPath,
                },
            },
            SecretVolumePath = volume,
            PrePopulateOnly = Bool(SettingNames.PrePopulateOnly) ?? false,
            StaticSecretRenderInterval = PositiveDuration(SettingNames.StaticSecretRenderInterval),
            TokenSinkPath = tokenSink,
            CommandTimeout = PositiveDuration(SettingNames.CommandTimeout) ?? AgentDefaults.CommandTimeout,
            RevokeOnShutdown = Bool(SettingNames.RevokeOnShutdown) ?? false,
            CacheEnabled = Bool(SettingNames.CacheEnable) ?? true,
            Files = files,
            Templates = templates,
            Warnings = _warnings,
        };

        if (_errors.Count > 0)
        {
            throw new AgentConfigurationException(_errors);
        }

        return config;
    }

    private AgentFileSpec? BuildFile(RawSecret secret, string defaultVolume, bool preserveCaseDefault, DefaultTemplateFormat format)
    {
        int errorsBefore = _errors.Count;
        Dictionary<string, RawSetting> s = secret.Settings;
        RawSetting pathSetting = s[SettingNames.Secret];
        (string path, int? version) = SecretPath(pathSetting);

        SecretSourceKind kind = SecretKindClassifier.Classify(path);
        if (s.TryGetValue(SettingNames.Kind, out RawSetting kindSetting) && !SecretKindClassifier.TryParse(kindSetting.Value, out kind))
        {
            _errors.Add($"{kindSetting.Source}: '{kindSetting.Value}' is not a secret kind (kv, kv1, kv2, dynamic, static)");
        }

        string? template = null;
        string? templateSource = null;
        if (s.TryGetValue(SettingNames.Template, out RawSetting inline))
        {
            template = inline.Value;
            templateSource = inline.Source;
            if (s.TryGetValue(SettingNames.TemplateFile, out RawSetting ignored))
            {
                _warnings.Add($"{ignored.Source}: ignored because {inline.Source} is set");
            }
        }
        else if (s.TryGetValue(SettingNames.TemplateFile, out RawSetting templateFile))
        {
            templateSource = $"{templateFile.Source} ({templateFile.Value})";
            // The injector reads annotations without the pod's files: the template is then checked by the agent at start.
            template = _checkFilesExist ? ReadTemplateFile(templateFile) : null;
        }

        if (template is not null && string.IsNullOrWhiteSpace(template))
        {
            _errors.Add($"{templateSource}: the template is empty");
        }

        bool preserveCase = Bool(s, SettingNames.PreserveSecretCaseOf) ?? preserveCaseDefault;
        string volume = AbsolutePath(s, SettingNames.SecretVolumePathOf) ?? defaultVolume;
        string fileName = preserveCase ? secret.Name : secret.Name.ToLowerInvariant();
        if (s.TryGetValue(SettingNames.File, out RawSetting file))
        {
            fileName = file.Value.Trim().TrimStart('/');
            if (fileName.Length == 0 || fileName.EndsWith('/') || fileName.Split('/').Any(p => p is ".." or "."))
            {
                _errors.Add($"{file.Source}: '{file.Value}' is not a relative file path inside the secret volume");
            }
        }

        UnixFileMode mode = AgentDefaults.FileMode;
        if (s.TryGetValue(SettingNames.Perms, out RawSetting perms) && !SettingParser.TryParseFileMode(perms.Value, out mode))
        {
            _errors.Add($"{perms.Source}: '{perms.Value}' is not an octal file mode such as 0440 (at most 0777)");
        }

        string? command = null;
        if (s.TryGetValue(SettingNames.Command, out RawSetting commandSetting))
        {
            command = commandSetting.Value;
            if (string.IsNullOrWhiteSpace(command))
            {
                _errors.Add($"{commandSetting.Source}: the command is empty");
            }
        }

        string? left = Delimiter(s, SettingNames.LeftDelimiter);
        string? right = Delimiter(s, SettingNames.RightDelimiter);
        bool errorOnMissingKey = Bool(s, SettingNames.ErrorOnMissingKey) ?? false;
        if (_errors.Count > errorsBefore)
        {
            return null;
        }

        return new AgentFileSpec
        {
            Name = secret.Name,
            Source = secret.Source,
            SecretPath = path,
            Version = version,
            Kind = kind,
            Destination = Path.GetFullPath(Path.Join(volume, fileName)),
            Mode = mode,
            Command = command,
            Template = template,
            TemplateSource = templateSource,
            DefaultFormat = format,
            ErrorOnMissingKey = errorOnMissingKey,
            LeftDelimiter = left,
            RightDelimiter = right,
        };
    }

    private (string Path, int? Version) SecretPath(RawSetting setting)
    {
        string value = setting.Value.Trim();
        int query = value.IndexOf('?', StringComparison.Ordinal);
        string path = (query < 0 ? value : value[..query]).Trim('/');
        int? version = null;
        if (query >= 0)
        {
            string q = value[(query + 1)..];
            if (q.StartsWith("version=", StringComparison.Ordinal)
                && int.TryParse(q["version=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0)
            {
                version = v;
            }
            else
            {
                _errors.Add($"{setting.Source}: '{value}' has an unsupported query (only ?version=<positive number>)");
            }
        }

        if (path.Length == 0)
        {
            _errors.Add($"{setting.Source}: the Vault path is empty");
        }

        return (path, version);
    }

    private string? ReadTemplateFile(RawSetting setting)
    {
        try
        {
            return File.ReadAllText(setting.Value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _errors.Add($"{setting.Source}: cannot read the template file '{setting.Value}': {ex.Message}");
            return null;
        }
    }

    private DefaultTemplateFormat DefaultFormat()
    {
        if (!_raw.Global.TryGetValue(SettingNames.DefaultTemplate, out RawSetting setting))
        {
            return DefaultTemplateFormat.Map;
        }

        switch (setting.Value.Trim())
        {
            case "map":
                return DefaultTemplateFormat.Map;
            case "json":
                return DefaultTemplateFormat.Json;
            default:
                _errors.Add($"{setting.Source}: '{setting.Value}' is not a default template (map or json)");
                return DefaultTemplateFormat.Map;
        }
    }

    private string AuthMountPath()
    {
        string? path = Text(SettingNames.AuthPath)?.Trim('/');

        // The injector accepts both "kubernetes" and "auth/kubernetes"; Core's mount path has no "auth/".
        if (path is not null && path.StartsWith("auth/", StringComparison.Ordinal))
        {
            path = path["auth/".Length..].Trim('/');
        }

        if (path is { Length: 0 })
        {
            _errors.Add($"{_raw.Global[SettingNames.AuthPath].Source}: the auth path is empty");
        }

        return string.IsNullOrEmpty(path) ? KubernetesAuthMethod.DefaultMountPath : path;
    }

    private string? Address()
    {
        if (!_raw.Global.TryGetValue(SettingNames.Service, out RawSetting setting))
        {
            return null;
        }

        if (!Uri.TryCreate(setting.Value.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            _errors.Add($"{setting.Source}: '{setting.Value}' is not an http or https address");
            return null;
        }

        return setting.Value.Trim();
    }

    private string? Text(string name) =>
        _raw.Global.TryGetValue(name, out RawSetting setting) && !string.IsNullOrWhiteSpace(setting.Value) ? setting.Value.Trim() : null;

    private bool? Bool(string name) => Bool(_raw.Global, name);

    private bool? Bool(Dictionary<string, RawSetting> settings, string name)
    {
        if (!settings.TryGetValue(name, out RawSetting setting))
        {
            return null;
        }

        if (SettingParser.TryParseBool(setting.Value.Trim(), out bool value))
        {
            return value;
        }

        _errors.Add($"{setting.Source}: '{setting.Value}' is not a boolean (true or false)");
        return null;
    }

    private TimeSpan? PositiveDuration(string name)
    {
        if (!_raw.Global.TryGetValue(name, out RawSetting setting) || string.IsNullOrWhiteSpace(setting.Value))
        {
            return null;
        }

        if (SettingParser.TryParseDuration(setting.Value, out TimeSpan value) && value > TimeSpan.Zero)
        {
            return value;
        }

        _errors.Add($"{setting.Source}: '{setting.Value}' is not a positive duration (for example 30s, 5m, 1h30m or a number of seconds)");
        return null;
    }

    private string? AbsolutePath(string name) => AbsolutePath(_raw.Global, name);

    private string? AbsolutePath(Dictionary<string, RawSetting> settings, string name)
    {
        if (!settings.TryGetValue(name, out RawSetting setting))
        {
            return null;
        }

        string value = setting.Value.Trim();
        if (!Path.IsPathFullyQualified(value))
        {
            _errors.Add($"{setting.Source}: '{setting.Value}' is not an absolute path");
            return null;
        }

        return Path.GetFullPath(value);
    }

    private string? ExistingFile(string name)
    {
        string? path = AbsolutePath(name);
        if (_checkFilesExist && path is not null && !File.Exists(path))
        {
            _errors.Add($"{_raw.Global[name].Source}: the file '{path}' does not exist");
        }

        return path;
    }

    private string? Delimiter(Dictionary<string, RawSetting> settings, string name)
    {
        if (!settings.TryGetValue(name, out RawSetting setting))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(setting.Value))
        {
            _errors.Add($"{setting.Source}: the delimiter is empty");
            return null;
        }

        return setting.Value;
    }
}
