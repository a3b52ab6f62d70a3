// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>Source-generated JSON metadata, so the provider stays trim- and AOT-safe.</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
internal sealed partial class ConfigurationJsonContext : JsonSerializerContext;
