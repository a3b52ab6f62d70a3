// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Globalization;
using System.Threading;
using Microsoft.Extensions.Options;

namespace Vault.Kubernetes.Http;

/// <summary>Validates <see cref="VaultClientOptions"/>: the retry count and window and the timeout; every failure names the property.</summary>
/// <remarks>
/// The limits include those of the Polly strategies the values end up in (delays at most a day, an attempt timeout of
/// 10 ms to a day), so a bad value is reported here, naming our property, rather than by Polly. The NativeAOT hosts leave
/// Polly's own reflection-based check out of their images and rely on this (eng/aot/Polly.Substitutions.xml). Hand-written,
/// without DataAnnotations, as all of Core's validators: docs/options-validation.md says why.
/// </remarks>
internal sealed class VaultClientOptionsValidator : IValidateOptions<VaultClientOptions>
{
    /// <summary>The longest retry delay and attempt timeout Polly's retry and timeout strategies accept.</summary>
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    /// <summary>The shortest attempt timeout Polly's timeout strategy accepts.</summary>
    internal static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    public ValidateOptionsResult Validate(string? name, VaultClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.MaxRetries < 0)
        {
            Add(builder, nameof(VaultClientOptions.MaxRetries), $"must not be negative (was {options.MaxRetries})");
        }

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

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > MaxDelay)
        {
            Add(builder, nameof(VaultClientOptions.RetryDelay), $"must be between zero and {MaxDelay} (was {options.RetryDelay})");
        }
        else if (options.MaxRetryDelay < options.RetryDelay || options.MaxRetryDelay > MaxDelay)
        {
            Add(builder, nameof(VaultClientOptions.MaxRetryDelay), $"must be between RetryDelay {options.RetryDelay} and {MaxDelay} (was {options.MaxRetryDelay})");
        }

        // On a supplied HttpClient the attempt timeout is Polly's, hence its range; the client's own HttpClient takes the same.
        if (options.Timeout is { } timeout && timeout != Timeout.InfiniteTimeSpan && (timeout < MinTimeout || timeout > MaxDelay))
        {
            Add(builder, nameof(VaultClientOptions.Timeout), $"must be between {MinTimeout} and {MaxDelay}, or infinite (was {timeout})");
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
