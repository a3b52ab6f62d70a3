// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Annotations;

/// <summary>One setting as written by the user, with where it came from (an annotation's full name or a JSON field path) for error messages.</summary>
/// <param name="Value">The text of the setting.</param>
/// <param name="Source">The full annotation name or JSON path.</param>
public readonly record struct RawSetting(string Value, string Source);
