// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Vault.Kubernetes.Diagnostics;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientTelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ActivityListener Listen(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == VaultTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Fact]
    public async Task ReadKvV2_WithListener_EmitsOneClientActivityWithPathAndStatusTags()
    {
        var activities = new ConcurrentQueue<Activity>();
        using ActivityListener listener = Listen(activities);
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider(VaultJson.ClientToken));

        await client.ReadKvV2Async("telemetry-mount", "app", version: 4, cancellationToken: Ct);

        Activity activity = Assert.Single(activities, a => (string?)a.GetTagItem("vault.path") == "telemetry-mount/data/app");
        Assert.Equal("VaultClient.ReadKvV2", activity.OperationName);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("GET", activity.GetTagItem("http.request.method"));
        Assert.DoesNotContain(activity.TagObjects, t => t.Value?.ToString()?.Contains("version=", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(activity.TagObjects, t => t.Value?.ToString()?.Contains(VaultJson.ClientToken, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Failure_WithListener_ActivityMarkedError()
    {
        var activities = new ConcurrentQueue<Activity>();
        using ActivityListener listener = Listen(activities);
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.Forbidden, VaultJson.PermissionDeniedMultierror);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("telemetry-denied/x", Ct));

        Activity activity = Assert.Single(activities, a => (string?)a.GetTagItem("vault.path") == "telemetry-denied/x");
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(403, activity.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Request_WithMeterListener_RecordsCountAndDurationTaggedWithOperationAndStatusOnly()
    {
        var measurements = new ConcurrentQueue<(string Instrument, KeyValuePair<string, object?>[] Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == VaultTelemetry.Name && instrument.Name.StartsWith("vault.client.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => measurements.Enqueue((i.Name, tags.ToArray())));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => measurements.Enqueue((i.Name, tags.ToArray())));
        listener.Start();
        var handler = new FakeVaultHandler().Respond(HttpStatusCode.BadRequest, """{"errors":["lease not found"]}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await Assert.ThrowsAsync<VaultException>(() => client.RenewLeaseAsync("database/creds/readonly/abc", cancellationToken: Ct));

        static bool IsOurs((string Instrument, KeyValuePair<string, object?>[] Tags) m) =>
            m.Tags.Any(t => t.Key == "vault.operation" && (string?)t.Value == "RenewLease") && m.Tags.Any(t => t.Key == "http.response.status_code" && (int?)t.Value == 400);
        Assert.Contains(measurements, m => m.Instrument == "vault.client.requests" && IsOurs(m));
        Assert.Contains(measurements, m => m.Instrument == "vault.client.request.duration" && IsOurs(m));
        Assert.All(measurements, m => Assert.Equal(["http.response.status_code", "vault.operation"], m.Tags.Select(t => t.Key).Order()));
    }
}
