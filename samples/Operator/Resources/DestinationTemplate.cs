// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Operator.Resources;

/// <summary>One of VSO's <c>spec.destination.transformation.templates</c>: the Secret key it renders and the parsed template (sprig functions).</summary>
internal sealed record DestinationTemplate(string Key, VaultTemplate Template);
