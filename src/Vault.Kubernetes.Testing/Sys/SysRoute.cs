// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Sys;

/// <summary>Handles a sys/ request; <paramref name="subPath"/> is the part after the route's prefix.</summary>
internal delegate ValueTask<VaultResponse> SysRouteHandler(VaultRequest request, string subPath, CancellationToken cancellationToken);
