// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Globalization;
using System.Threading;
using Microsoft.Extensions.Options;

namespace Vault.Kubernetes.Http;

/// <summary>Validates <see cref="VaultClientOptions"/>: the declared annotations, then the retry window and the timeout; every failure names the property.</summary>
internal sealed class VaultClientOptionsValidator : IValidateOptions<VaultClientOptions>
{
    private static readonly VaultClientOptionsAnnotationsValidator s_annotations = new();

    public ValidateOptionsResult Validate(string? name, VaultClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(s_annotations.Validate(name, options));

        foreach (string header in options.Headers.Keys)
        {
            if (header.Length == 0 || !header.All(c => c is > ' ' and < (char)127 && ":()<>@,;\"/[]?={}\\".IndexOf(c) < 0))
            {
                Add(builder, nameof(VaultClientOptions.Headers), $"has '{header}', which is not a valid header name");
            }
            else if (header.Equals(VaultTransport.TokenHeader, StringComparison.OrdinalIgnoreCase) || header.Equals(VaultTransport.NamespaceHeader, StringComparison.OrdinalIgnoreCase)
                || header.Equals(VaultTransport.RequestHeader, StringComparison.OrdinalIgnoreCase) || header.Equals(VaultTransport.WrapTtlHeader, StringComparison.OrdinalIgnoreCase))
            {
                Add(builder, nameof(VaultClientOptions.Headers), $"has '{header}', which the client sets itself (use Namespace for X-Vault-Namespace)");
            }
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            Add(builder, nameof(VaultClientOptions.RetryDelay), $"must not be negative (was {options.RetryDelay})");
        }
        else if (options.MaxRetryDelay < options.RetryDelay)
        {
            Add(builder, nameof(VaultClientOptions.MaxRetryDelay), $"must be at least RetryDelay {options.RetryDelay} (was {options.MaxRetryDelay})");
        }

        if (options.Timeout is { } timeout && timeout != Timeout.InfiniteTimeSpan)
        {
            if (timeout <= TimeSpan.Zero)
            {
                Add(builder, nameof(VaultClientOptions.Timeout), $"must be greater than zero or infinite (was {timeout})");
            }
            else if (timeout > TimeSpan.FromMilliseconds(int.MaxValue))
            {
                // HttpClient.Timeout (which carries it on the client's own HttpClient) refuses more than int.MaxValue ms.
                Add(builder, nameof(VaultClientOptions.Timeout), $"must not exceed {TimeSpan.FromMilliseconds(int.MaxValue)} (was {timeout})");
            }
        }

        return builder.Build();
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure when <paramref name="options"/> are invalid.</summary>
    public static void ThrowIfInvalid(VaultClientOptions options)
    {
        ValidateOptionsResult result = new VaultClientOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(VaultClientOptions), result.Failures);
        }
    }

    private static void Add(ValidateOptionsResultBuilder builder, string property, FormattableString problem) =>
        builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{nameof(VaultClientOptions)}.{property} {problem.ToString(CultureInfo.InvariantCulture)}."));
}
