// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Vault.Kubernetes.Configuration;

/// <summary>Reports that required Vault secrets could not be loaded at start-up; the message names each path and why, never a secret value.</summary>
public sealed class VaultConfigurationLoadException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VaultConfigurationLoadException"/> class.</summary>
    public VaultConfigurationLoadException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VaultConfigurationLoadException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public VaultConfigurationLoadException(string message)
        : base(message)
    {
        Failures = [];
    }

    /// <summary>Initializes a new instance of the <see cref="VaultConfigurationLoadException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VaultConfigurationLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    /// <summary>Initializes a new instance of the <see cref="VaultConfigurationLoadException"/> class from the failed paths.</summary>
    /// <param name="failures">Each failed Vault path and the reason.</param>
    public VaultConfigurationLoadException(IReadOnlyList<KeyValuePair<string, string>> failures)
        : base(Describe(failures))
    {
        Failures = failures;
    }

    /// <summary>Gets each failed Vault path and the reason it failed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Failures { get; }

    private static string Describe(IReadOnlyList<KeyValuePair<string, string>> failures) =>
        failures.Count == 0
            ? "Loading secrets from Vault failed."
            : $"Loading {failures.Count} secret(s) from Vault failed (set Vault:Optional to true to start without them): "
                + string.Join("; ", failures.Select(f => $"{f.Key}: {f.Value}"));
}
