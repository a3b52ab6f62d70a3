// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace Vault.Kubernetes.Injector;

/// <summary>Checks <see cref="InjectorOptions"/> at start, listing every problem.</summary>
internal sealed class InjectorOptionsValidator : IValidateOptions<InjectorOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, InjectorOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.AgentImage))
        {
            builder.AddError("an agent image is required", nameof(options.AgentImage));
        }

        if (string.IsNullOrWhiteSpace(options.TlsCertFile) || string.IsNullOrWhiteSpace(options.TlsKeyFile))
        {
            builder.AddError("the webhook serves HTTPS only: both a certificate and a key file are required", nameof(options.TlsCertFile));
        }
        else
        {
            // Kestrel loads the pair at the first handshake; a wrong path must stop the host now, not fail every call.
            foreach ((string file, string setting) in new[] { (options.TlsCertFile, nameof(options.TlsCertFile)), (options.TlsKeyFile, nameof(options.TlsKeyFile)) })
            {
                if (!File.Exists(file))
                {
                    builder.AddError($"the file '{file}' does not exist", setting);
                }
            }
        }

        if (options.Port is < 0 or > 65535)
        {
            builder.AddError($"{options.Port} is not a TCP port", nameof(options.Port));
        }

        if (options.VaultAddress is { } address && !Uri.TryCreate(address, UriKind.Absolute, out _))
        {
            builder.AddError($"'{address}' is not an absolute URL", nameof(options.VaultAddress));
        }

        if (!Enum.IsDefined(options.FailureMode))
        {
            builder.AddError($"'{options.FailureMode}' is not Deny or Allow", nameof(options.FailureMode));
        }

        return builder.Build();
    }
}
