// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Operator.Controller;
using Vault.Kubernetes.Operator.Tests.TestSupport;

namespace Vault.Kubernetes.Operator.Tests;

/// <summary>VSO's <c>destination.transformation</c>: templates over <c>.Secrets</c>/<c>.Annotations</c> with sprig functions, excludes, excludeRaw; a bad template is a condition naming it.</summary>
public sealed class TransformationTests
{
    private const string Secrets = StaticSecretTests.Secrets;
    private const string StaticSecrets = StaticSecretTests.StaticSecrets;

    [Fact]
    public async Task Templates_RenderKeysThatWin_ExcludesAndExcludeRawApplyToVaultKeysOnly()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync("""
            apiVersion: secrets.hashicorp.com/v1beta1
            kind: VaultStaticSecret
            metadata:
              name: web-config
              namespace: shop
              annotations: {db-name: orders}
            spec:
              type: kv-v2
              mount: secret
              path: web/config
              destination:
                name: web-config
                create: true
                transformation:
                  excludeRaw: true
                  excludes: [password]
                  templates:
                    url:
                      text: '{{- printf "postgresql://%s:%s@db:5432/%s" .Secrets.username .Secrets.password (get .Annotations "db-name") -}}'
                    username:
                      text: '{{ .Secrets.username | upper }}'
            """);

        await env.WaitForAsync(Secrets, "web-config", s => s is not null);
        Dictionary<string, string> data = env.SecretData("shop", "web-config")!;
        Assert.Equal(["url", "username"], data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("postgresql://app:s3cr3t-v1@db:5432/orders", data["url"]);
        Assert.Equal("APP", data["username"]);
        await env.WaitForAsync(StaticSecrets, "web-config", r => StaticSecretTests.Ready(r) == "True");
    }

    [Fact]
    public async Task Templates_MetadataIsTheSecretsCustomMetadata()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();

        // Set as a user would, through Vault's API; Vault returns it with every KV v2 read, so it costs no extra request.
        using var vault = new HttpClient { BaseAddress = env.Vault.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/secret/metadata/web/config")
        {
            Content = new StringContent("""{"custom_metadata":{"owner":"team-orders","tier":"gold"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Vault-Token", env.Vault.RootToken);
        (await vault.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await env.ApplyYamlAsync(StaticSecretTests.WebConfig(transformation: """{excludeRaw: true, templates: {owner: {text: '{{ .Metadata.owner }}/{{ get .Metadata "tier" }}'}}}"""));

        await env.WaitForAsync(Secrets, "web-config", s => s is not null);
        Assert.Equal("team-orders/gold", env.SecretData("shop", "web-config")!["owner"]);
    }

    [Fact]
    public async Task BadTemplate_IsReadyFalseInvalidSpecNamingTheTemplateAndPosition_NoSecretWritten()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync(StaticSecretTests.WebConfig(transformation: """{templates: {url: {text: "ok\n{{ .Secrets.password | nosuchfunction }}"}}}"""));

        JsonObject resource = (await env.WaitForAsync(StaticSecrets, "web-config", r => StaticSecretTests.Ready(r) == "False"))!;
        JsonObject condition = (JsonObject)resource["status"]!["conditions"]![0]!;
        string message = (string)condition["message"]!;
        Assert.Equal(Reasons.InvalidSpec, (string?)condition["reason"]);
        Assert.Contains("spec.destination.transformation.templates.url.text", message, StringComparison.Ordinal);
        Assert.Contains("line 2", message, StringComparison.Ordinal);
        Assert.Contains("nosuchfunction", message, StringComparison.Ordinal);
        Assert.Null(env.SecretData("shop", "web-config"));
    }
}
