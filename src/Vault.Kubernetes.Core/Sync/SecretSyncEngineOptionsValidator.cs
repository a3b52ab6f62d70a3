// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Sync;

/// <summary>Validates <see cref="SecretSyncEngineOptions"/>: the concurrency, the retry window and the nested lease plan; every failure names the property.</summary>
/// <remarks>Hand-written, without DataAnnotations, as all of Core's validators: docs/options-validation.md says why.</remarks>
internal sealed class SecretSyncEngineOptionsValidator : IValidateOptions<SecretSyncEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretSyncEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.MaxConcurrency < 1)
        {
            Add(builder, nameof(SecretSyncEngineOptions.MaxConcurrency), $"must be at least 1 (was {options.MaxConcurrency})");
        }

        if (options.RetryMinimum <= TimeSpan.Zero)
        {
            Add(builder, nameof(SecretSyncEngineOptions.RetryMinimum), $"must be greater than zero (was {options.RetryMinimum})");
        }
        else if (options.RetryMaximum < options.RetryMinimum)
        {
            Add(builder, nameof(SecretSyncEngineOptions.RetryMaximum), $"must be at least RetryMinimum {options.RetryMinimum} (was {options.RetryMaximum})");
        }

        if (options.ContentHashKey is { Length: < 32 } key)
        {
            Add(builder, nameof(SecretSyncEngineOptions.ContentHashKey), $"must be at least 32 bytes (was {key.Length})");
        }

        // The plan's own rules are listed with the engine's, so one exception names every problem.
        if (options.LeasePlan is { } plan)
        {
            builder.AddResult(new LeasePlanOptionsValidator().Validate(name, plan));
        }
        else
        {
            Add(builder, nameof(SecretSyncEngineOptions.LeasePlan), $"is required");
        }

        return builder.Build();
    }

    private static void Add(ValidateOptionsResultBuilder builder, string property, FormattableString problem) =>
        builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{nameof(SecretSyncEngineOptions)}.{property} {problem.ToString(CultureInfo.InvariantCulture)}."));
}
