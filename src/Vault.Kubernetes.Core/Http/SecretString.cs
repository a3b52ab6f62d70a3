// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Vault.Kubernetes.Http;

/// <summary>Holds a secret string (a Vault token, a service-account JWT, a password) so that it cannot be printed by accident.</summary>
/// <remarks>
/// <see cref="ToString"/> and the debugger display show a placeholder; call <see cref="Reveal"/> where the value is really needed.
/// Equality compares in constant time.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SecretString : IEquatable<SecretString>
{
    /// <summary>The text printed in place of the value.</summary>
    public const string Placeholder = "[REDACTED]";

    private readonly string _value;

    /// <summary>Initializes a new instance of the <see cref="SecretString"/> class.</summary>
    /// <param name="value">The secret value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public SecretString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Gets the number of characters in the secret, for validation without revealing it.</summary>
    public int Length => _value.Length;

    /// <summary>Returns the secret value.</summary>
    /// <returns>The value this instance protects.</returns>
    public string Reveal() => _value;

    /// <summary>Returns a placeholder, never the value.</summary>
    /// <returns><see cref="Placeholder"/>.</returns>
    public override string ToString() => Placeholder;

    /// <inheritdoc/>
    public bool Equals(SecretString? other)
    {
        if (other is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(_value), Encoding.UTF8.GetBytes(other._value));
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SecretString);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
