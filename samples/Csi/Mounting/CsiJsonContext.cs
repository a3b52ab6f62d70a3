// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>Source-generated JSON contracts (NativeAOT).</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
internal sealed partial class CsiJsonContext : JsonSerializerContext
{
}
