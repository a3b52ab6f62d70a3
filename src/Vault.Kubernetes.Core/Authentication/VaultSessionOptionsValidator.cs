// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Vault.Kubernetes.Authentication;

/// <summary>Validates <see cref="VaultSessionOptions"/>: the declared annotations, then the rules that span properties; every failure names the property.</summary>
internal sealed class VaultSessionOptionsValidator : IValidateOptions<VaultSessionOptions>
{
    private static readonly VaultSessionOptionsAnnotationsValidator s_annotations = new();

    public ValidateOptionsResult Validate(string? name, VaultSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(s_annotations.Validate(name, options));

        // [Range] lets NaN through (every comparison with NaN is false), so the fractions are checked for it here.
        CheckNumber(builder, nameof(VaultSessionOptions.RenewAfterFraction), options.RenewAfterFraction);
        CheckNumber(builder, nameof(VaultSessionOptions.RenewJitterFraction), options.RenewJitterFraction);
        CheckNumber(builder, nameof(VaultSessionOptions.LoginRetryJitterFraction), options.LoginRetryJitterFraction);
        if (options.RenewJitterFraction >= options.RenewAfterFraction)
        {
            Add(builder, nameof(VaultSessionOptions.RenewJitterFraction), $"must be below RenewAfterFraction {options.RenewAfterFraction} (was {options.RenewJitterFraction})");
        }

        if (options.RenewIncrement is { } increment && increment <= TimeSpan.Zero)
        {
            Add(builder, nameof(VaultSessionOptions.RenewIncrement), $"must be greater than zero when set (was {increment})");
        }

        if (options.LoginRetryInitialDelay <= TimeSpan.Zero)
        {
            Add(builder, nameof(VaultSessionOptions.LoginRetryInitialDelay), $"must be greater than zero (was {options.LoginRetryInitialDelay})");
        }
        else if (options.LoginRetryMaxDelay < options.LoginRetryInitialDelay)
        {
            Add(builder, nameof(VaultSessionOptions.LoginRetryMaxDelay), $"must be at least LoginRetryInitialDelay {options.LoginRetryInitialDelay} (was {options.LoginRetryMaxDelay})");
        }

        if (options.RevokeTimeout <= TimeSpan.Zero)
        {
            Add(builder, nameof(VaultSessionOptions.RevokeTimeout), $"must be greater than zero (was {options.RevokeTimeout})");
        }

        return builder.Build();
    }

    private static void CheckNumber(ValidateOptionsResultBuilder builder, string property, double value)
    {
        if (double.IsNaN(value))
        {
            Add(builder, property, $"must be a number (was {value})");
        }
    }

    private static void Add(ValidateOptionsResultBuilder builder, string property, FormattableString problem) =>
        builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{nameof(VaultSessionOptions)}.{property} {problem.ToString(CultureInfo.InvariantCulture)}."));
}
