// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Vault.Kubernetes.Authentication;

/// <summary>Validates <see cref="VaultSessionOptions"/>: each value's range, then the rules that span properties; every failure names the property.</summary>
/// <remarks>Hand-written, without DataAnnotations, as all of Core's validators: docs/options-validation.md says why.</remarks>
internal sealed class VaultSessionOptionsValidator : IValidateOptions<VaultSessionOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        CheckRange(builder, nameof(VaultSessionOptions.RenewAfterFraction), options.RenewAfterFraction, 0.1, 0.95);
        CheckRange(builder, nameof(VaultSessionOptions.RenewJitterFraction), options.RenewJitterFraction, 0.0, 0.5);
        CheckRange(builder, nameof(VaultSessionOptions.LoginRetryJitterFraction), options.LoginRetryJitterFraction, 0.0, 1.0);
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

    private static void CheckRange(ValidateOptionsResultBuilder builder, string property, double value, double minimum, double maximum)
    {
        // Written as "not inside" so that NaN, for which every comparison is false, fails too.
        if (!(value >= minimum && value <= maximum))
        {
            Add(builder, property, $"must be between {minimum} and {maximum} (was {value})");
        }
    }

    private static void Add(ValidateOptionsResultBuilder builder, string property, FormattableString problem) =>
        builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{nameof(VaultSessionOptions)}.{property} {problem.ToString(CultureInfo.InvariantCulture)}."));
}
