// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Vault.Kubernetes.Secrets;

/// <summary>Turns a secret read from Vault into the key/value payload a sink stores (configuration keys, file contents, Secret data).</summary>
public interface ISecretTransform
{
    /// <summary>Builds the payload for <paramref name="snapshot"/>.</summary>
    /// <param name="spec">The spec the secret was read for.</param>
    /// <param name="snapshot">The secret as read from Vault.</param>
    /// <returns>The payload; keys are compared ordinally.</returns>
    /// <exception cref="SecretTransformException">The data cannot be transformed; the message names the spec and key but never a value.</exception>
    IReadOnlyDictionary<string, string> Transform(SecretSpec spec, SecretSnapshot snapshot);
}
