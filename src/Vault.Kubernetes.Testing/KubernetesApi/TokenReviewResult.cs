// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>The outcome of reviewing a service-account token: the TokenReview <c>status</c> object, and whether it passed.</summary>
internal sealed record TokenReviewResult(bool Authenticated, JsonObject Status);
