// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>How the server writes JSON: escaping only what JSON requires (the default encoder also escapes quotes, backticks, '+' and non-ASCII text, which the API server does not).</summary>
internal static class KubeJson
{
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node) => node.ToJsonString(s_options);
}
