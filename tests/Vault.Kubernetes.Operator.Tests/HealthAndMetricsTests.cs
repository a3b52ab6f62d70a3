// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;
using Vault.Kubernetes.Operator.Diagnostics;
using Vault.Kubernetes.Operator.Tests.TestSupport;

namespace Vault.Kubernetes.Operator.Tests;

/// <summary>The operator's HTTP endpoint as kubelet probes and Prometheus scrape it: /healthz, /readyz, /metrics.</summary>
public sealed class HealthAndMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Endpoints_AnswerProbesAndServeTheOperatorsSeriesInPrometheusText()
    {
        using var exporter = new PrometheusExporter();
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        bool ready = false;
        int port = FreePort();
        await using var health = new HealthServer(port, () => ready, exporter);
        health.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("readyz", Ct)).StatusCode);
        ready = true;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("readyz", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("nothing-here", Ct)).StatusCode);

        await env.StartLeadingWithDefaultsAsync();
        await env.ApplyYamlAsync(StaticSecretTests.WebConfig());
        await env.WaitForAsync(StaticSecretTests.StaticSecrets, "web-config", r => StaticSecretTests.Ready(r) == "True");

        HttpResponseMessage metrics = await http.GetAsync("metrics", Ct);
        string text = await metrics.Content.ReadAsStringAsync(Ct);
        Assert.Equal("text/plain; version=0.0.4", metrics.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE vault_operator_secret_writes_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE vault_operator_resources gauge", text, StringComparison.Ordinal);
        Assert.Contains("vault_operator_secret_write_duration_seconds_count", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
