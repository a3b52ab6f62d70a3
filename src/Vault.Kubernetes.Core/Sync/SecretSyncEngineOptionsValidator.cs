// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Sync;

/// <summary>Validates <see cref="SecretSyncEngineOptions"/>: the declared annotations, the retry window and the nested lease plan; every failure names the property.</summary>
internal sealed class SecretSyncEngineOptionsValidator : IValidateOptions<SecretSyncEngineOptions>
{
    private static readonly SecretSyncEngineOptionsAnnotationsValidator s_annotations = new();

    public ValidateOptionsResult Validate(string? name, SecretSyncEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(s_annotations.Validate(name, options));

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

        return builder.Build();
    }

    private static void Add(ValidateOptionsResultBuilder builder, string property, FormattableString problem) =>
        builder.AddError(string.Create(CultureInfo.InvariantCulture, $"{nameof(SecretSyncEngineOptions)}.{property} {problem.ToString(CultureInfo.InvariantCulture)}."));
}
