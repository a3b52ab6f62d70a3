// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Operator.Kube;

namespace Vault.Kubernetes.Operator.Hosting;

/// <summary>Leader election on a <c>coordination.k8s.io/v1</c> Lease, with client-go's rules, over the operator's own API client.</summary>
/// <remarks>
/// <para>
/// Written here rather than taken from KubernetesClient because its elector is not in the NativeAOT flavour of the package. The
/// rules are client-go's: the holder renews every retry period; another replica takes the Lease only once the record it observed
/// has not changed for <c>leaseDurationSeconds</c> by its own clock (other clocks are never trusted); every write carries the
/// resourceVersion read, so two candidates cannot both win; a holder that cannot renew within the renew deadline stops leading
/// before anyone else may start.
/// </para>
/// </remarks>
internal sealed class LeaseElector
{
    private readonly KubeApiClient _api;
    private readonly string _path;
    private readonly string _collection;
    private readonly string _name;
    private readonly string _namespace;
    private readonly string _identity;
    private readonly TimeSpan _leaseDuration;
    private readonly TimeSpan _renewDeadline;
    private readonly TimeSpan _retryPeriod;
    private readonly TimeProvider _time;
    private string? _observedRecord;
    private DateTimeOffset _observedAt;

    public LeaseElector(KubeApiClient api, string @namespace, string name, string identity, TimeSpan leaseDuration, TimeSpan renewDeadline, TimeSpan retryPeriod, TimeProvider? time = null)
    {
        _api = api;
        _namespace = @namespace;
        _name = name;
        _collection = $"apis/coordination.k8s.io/v1/namespaces/{@namespace}/leases";
        _path = _collection + "/" + name;
        _identity = identity;
        _leaseDuration = leaseDuration;
        _renewDeadline = renewDeadline;
        _retryPeriod = retryPeriod;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Returns once this replica holds the Lease.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (!await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(_retryPeriod, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Renews the Lease every retry period; returns when a renewal did not succeed within the renew deadline (leadership lost).</summary>
    /// <exception cref="OperationCanceledException">Cancelled while still leading.</exception>
    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset renewed = _time.GetUtcNow();
        while (true)
        {
            await Task.Delay(_retryPeriod, _time, cancellationToken).ConfigureAwait(false);
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                renewed = _time.GetUtcNow();
            }
            else if (_time.GetUtcNow() - renewed >= _renewDeadline)
            {
                return;
            }
        }
    }

    /// <summary>Gives the Lease up (graceful stop), so a standby need not wait out the lease duration.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        JsonObject? lease = await _api.GetAsync(_path, cancellationToken).ConfigureAwait(false);
        if (lease?["spec"] is not JsonObject spec || (string?)spec["holderIdentity"] != _identity)
        {
            return;
        }

        // As client-go releases: no holder, and a one-second duration so every candidate may take it at once.
        spec["holderIdentity"] = null;
        spec["leaseDurationSeconds"] = 1;
        spec["renewTime"] = MicroTime(_time.GetUtcNow());
        await _api.ReplaceAsync(_path, lease, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            JsonObject? lease = await _api.GetAsync(_path, cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = _time.GetUtcNow();
            if (lease is null)
            {
                JsonObject created = Spec(now, now, transitions: 0);
                await _api.CreateAsync(_collection, new JsonObject
                {
                    ["apiVersion"] = "coordination.k8s.io/v1",
                    ["kind"] = "Lease",
                    ["metadata"] = new JsonObject { ["name"] = _name, ["namespace"] = _namespace },
                    ["spec"] = created,
                }, cancellationToken).ConfigureAwait(false);
                Observe(now, Record(created));
                return true;
            }

            JsonObject spec = lease["spec"] as JsonObject ?? [];
            string holder = (string?)spec["holderIdentity"] ?? string.Empty;
            string record = Record(spec);
            if (record != _observedRecord)
            {
                Observe(now, record);
            }

            bool mine = holder == _identity;
            TimeSpan duration = TimeSpan.FromSeconds((int?)spec["leaseDurationSeconds"] ?? (int)_leaseDuration.TotalSeconds);
            if (!mine && holder.Length > 0 && _observedAt + duration > now)
            {
                return false;
            }

            int transitions = (int?)spec["leaseTransitions"] ?? 0;
            DateTimeOffset acquired = mine && DateTimeOffset.TryParse((string?)spec["acquireTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at) ? at : now;
            JsonObject renewed = Spec(acquired, now, mine ? transitions : transitions + 1);
            lease["spec"] = renewed;

            // The resourceVersion read is in the body: if another candidate wrote first, this is a 409 and it lost.
            await _api.ReplaceAsync(_path, lease, cancellationToken).ConfigureAwait(false);
            Observe(now, Record(renewed));
            return true;
        }
        catch (KubeApiException ex) when (ex.StatusCode is 409 or >= 500 or 429)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's own request timeout.
            return false;
        }
    }

    // What a candidate watches for change: holder, renewal and duration as the Lease carries them.
    private static string Record(JsonObject spec) => (string?)spec["holderIdentity"] + "|" + (string?)spec["renewTime"] + "|" + (int?)spec["leaseDurationSeconds"];

    private void Observe(DateTimeOffset now, string record)
    {
        _observedRecord = record;
        _observedAt = now;
    }

    private JsonObject Spec(DateTimeOffset acquired, DateTimeOffset renewed, int transitions) => new()
    {
        ["holderIdentity"] = _identity,
        ["leaseDurationSeconds"] = (int)Math.Ceiling(_leaseDuration.TotalSeconds),
        ["acquireTime"] = MicroTime(acquired),
        ["renewTime"] = MicroTime(renewed),
        ["leaseTransitions"] = transitions,
    };

    // Kubernetes MicroTime: RFC 3339 with microseconds.
    private static string MicroTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
