// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Vault.Kubernetes.Leases;

/// <summary>Validates <see cref="LeasePlanOptions"/>; every failure names the property at fault.</summary>
internal sealed class LeasePlanOptionsValidator : IValidateOptions<LeasePlanOptions>
{
    /// <summary>Validates <paramref name="options"/> and reports every failure at once.</summary>
    /// <param name="name">The options name; not used.</param>
    /// <param name="options">The options to validate.</param>
    /// <returns>Success, or a failure listing one message per broken rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public ValidateOptionsResult Validate(string? name, LeasePlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();

        CheckFraction(builder, nameof(LeasePlanOptions.RenewFraction), options.RenewFraction, options.JitterFraction);
        CheckFraction(builder, nameof(LeasePlanOptions.ReissueFraction), options.ReissueFraction, options.JitterFraction);
        if (!(options.JitterFraction >= 0 && options.JitterFraction < 1))
        {
            Add(builder, nameof(LeasePlanOptions.JitterFraction), $"must be at least 0 and less than 1 (was {options.JitterFraction})");
        }

        CheckPositive(builder, nameof(LeasePlanOptions.RefreshInterval), options.RefreshInterval);
        CheckPositive(builder, nameof(LeasePlanOptions.MinimumDelay), options.MinimumDelay);
        CheckPositive(builder, nameof(LeasePlanOptions.ExpiredRetryMaximum), options.ExpiredRetryMaximum);
        if (options.MinimumDelay > TimeSpan.Zero && options.RefreshInterval > TimeSpan.Zero && options.RefreshInterval < options.MinimumDelay)
        {
            Add(builder, nameof(LeasePlanOptions.RefreshInterval), $"must be at least MinimumDelay {options.MinimumDelay} (was {options.RefreshInterval})");
        }

        CheckNotNegative(builder, nameof(LeasePlanOptions.ExpiryMargin), options.ExpiryMargin);
        CheckNotNegative(builder, nameof(LeasePlanOptions.StaticRoleRereadDelay), options.StaticRoleRereadDelay);
        CheckNotNegative(builder, nameof(LeasePlanOptions.StaticRoleRereadJitter), options.StaticRoleRereadJitter);
        if (options.RevokeOldLeaseAfter is { } grace)
        {
            CheckNotNegative(builder, nameof(LeasePlanOptions.RevokeOldLeaseAfter), grace);
        }

        return builder.Build();
    }

    private static void CheckFraction(ValidateOptionsResultBuilder builder, string property, double fraction, double jitter)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            Add(builder, property, $"must be greater than 0 and less than 1 (was {fraction})");
        }
        else if (jitter is >= 0 and < 1 && (fraction - (jitter / 2) <= 0 || fraction + (jitter / 2) >= 1))
        {
            // The jitter window is centred on the fraction, so it must fit inside the lease on both sides.
            Add(builder, property, $"plus or minus half of JitterFraction {jitter} must stay greater than 0 and less than 1 (was {fraction})");
        }
    }

    private static void CheckPositive(ValidateOptionsResultBuilder builder, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Add(builder, property, $"must be greater than zero (was {value})");
        }
    }

    private static void CheckNotNegative(ValidateOptionsResultBuilder builder, string property, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            Add(builder, property, $"must not be negative (was {value})");
        }
    }

    private static void Add(ValidateOptionsResultBuilder builder, string property, FormattableString problem) =>
        builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{nameof(LeasePlanOptions)}.{property} {problem.ToString(CultureInfo.InvariantCulture)}."));
}
