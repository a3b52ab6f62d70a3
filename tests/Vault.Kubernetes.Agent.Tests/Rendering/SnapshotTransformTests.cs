// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Tests.Rendering;

public sealed class SnapshotTransformTests
{
    private static readonly SecretSpec s_spec = new("database/creds/app", "database/creds/app", SecretSourceKind.Dynamic);

    [Fact]
    public void ToSnapshot_OfTransform_RestoresDataLeaseAndVersion()
    {
        SecretSnapshot data = DefaultFormatTests.Snapshot("""{"username":"u","n":5,"o":{"a":[1]}}""");
        var original = new SecretSnapshot(data.Data, data.RetrievedAt) { LeaseId = "database/creds/app/abc", LeaseDuration = TimeSpan.FromHours(1), Renewable = true, Version = 4 };

        IReadOnlyDictionary<string, string> payload = SnapshotTransform.Instance.Transform(s_spec, original);
        SecretSnapshot restored = SnapshotTransform.ToSnapshot(payload, original.RetrievedAt);

        Assert.Equal("database/creds/app/abc", restored.LeaseId);
        Assert.Equal(TimeSpan.FromHours(1), restored.LeaseDuration);
        Assert.True(restored.Renewable);
        Assert.Equal(4, restored.Version);
        Assert.Equal(["n", "o", "username"], restored.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("u", restored.Data["username"].GetString());
        Assert.Equal(5, restored.Data["n"].GetInt32());
        Assert.Equal("""{"a":[1]}""", restored.Data["o"].GetRawText());
    }

    [Fact]
    public void Transform_SameSecretReadAtAnotherTime_GivesTheSamePayload()
    {
        var data = new Dictionary<string, JsonElement> { ["k"] = JsonSerializer.SerializeToElement("v") };
        var first = new SecretSnapshot(data, DateTimeOffset.UnixEpoch) { Version = 1 };
        var second = new SecretSnapshot(data, DateTimeOffset.UnixEpoch.AddHours(5)) { Version = 1 };

        Assert.Equal(SnapshotTransform.Instance.Transform(s_spec, first), SnapshotTransform.Instance.Transform(s_spec, second));
    }

    [Fact]
    public void Transform_NewLease_ChangesThePayload()
    {
        var data = new Dictionary<string, JsonElement> { ["k"] = JsonSerializer.SerializeToElement("v") };
        var first = new SecretSnapshot(data, DateTimeOffset.UnixEpoch) { LeaseId = "l/1" };
        var second = new SecretSnapshot(data, DateTimeOffset.UnixEpoch) { LeaseId = "l/2" };

        Assert.NotEqual(SnapshotTransform.Instance.Transform(s_spec, first)["lease_id"], SnapshotTransform.Instance.Transform(s_spec, second)["lease_id"]);
    }
}
