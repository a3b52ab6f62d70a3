// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Templates;

namespace Vault.Kubernetes.Core.Tests.Templates;

/// <summary>Builds secrets shaped like the Vault responses in the reference (KV v2 read, database creds).</summary>
internal static class TestSecrets
{
    public const string KvPassword = "p@ss-Zq9!";
    public const string DbPassword = "A1a-x9QpSecret";

    /// <summary>A KV v2 read: <c>data</c> holds <c>data</c> and <c>metadata</c>.</summary>
    public static TemplateSecret KvV2(string dataJson, int version = 4) => Data(
        "{\"data\":" + dataJson + ",\"metadata\":{\"created_time\":\"2025-03-01T10:00:00.123456789Z\"," +
        "\"custom_metadata\":{\"owner\":\"team-a\"},\"deletion_time\":\"\",\"destroyed\":false,\"version\":" + version + "}}");

    public static TemplateSecret AppKvV2() => KvV2("{\"username\":\"svc\",\"password\":\"" + KvPassword + "\"}");

    public static TemplateSecret DatabaseCreds() => new(Parse("{\"username\":\"v-k8s-readonly-Ab12Cd34\",\"password\":\"" + DbPassword + "\"}"))
    {
        RequestId = "req-1",
        LeaseId = "database/creds/readonly/Xq3Zp9LkT2wB7cVn4sRm8HjD",
        LeaseDuration = 3600,
        Renewable = true,
    };

    public static TemplateSecret Data(string json) => new(Parse(json));

    public static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
