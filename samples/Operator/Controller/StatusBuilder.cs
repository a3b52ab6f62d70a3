// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Operator.Resources;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>Builds a resource's status from the engine's shared health rules: <c>Ready</c> with reason, message and observedGeneration, <c>secretMAC</c>, lease fields.</summary>
/// <remarks>Nothing in it changes unless the resource's state does (no "last checked" times), so an unchanged refresh produces the same status and no write.</remarks>
internal static class StatusBuilder
{
    public static JsonObject Build(ResourceRecord record, SecretTargetState? state, DateTimeOffset now)
    {
        SyncResource resource = record.Resource;
        (string status, string reason, string message) = Ready(record, state);
        string time = record.LastReady is { } last && last.Status == status ? last.Time : Format(now);
        record.LastReady = (status, reason, time);
        var result = new JsonObject
        {
            ["lastGeneration"] = resource.Generation,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = status,
                ["reason"] = reason,
                ["message"] = message,
                ["observedGeneration"] = resource.Generation,
                ["lastTransitionTime"] = time,
            }),
        };
        if (resource.HmacSecretData && record.DestinationHash is { } hash)
        {
            result["secretMAC"] = hash;
        }

        if (ReferenceEquals(resource.Kind, ResourceKind.Dynamic) && state?.Specs.FirstOrDefault(s => s.LeaseId is not null) is { } leased)
        {
            double duration = leased.LeaseExpiresAt is { } expires && leased.LastSuccessAt is { } renewed ? Math.Max(0, (expires - renewed).TotalSeconds) : 0;
            result["secretLease"] = new JsonObject
            {
                ["id"] = leased.LeaseId,
                ["duration"] = (long)Math.Round(duration),
                ["renewable"] = leased.NextAction.Contains("Renew", StringComparison.OrdinalIgnoreCase),
            };
            result["lastRenewalTime"] = leased.LastSuccessAt?.ToUnixTimeSeconds() ?? 0;
        }

        return result;
    }

    private static (string Status, string Reason, string Message) Ready(ResourceRecord record, SecretTargetState? state)
    {
        if (record.SpecError is { } specError)
        {
            return ("False", Reasons.InvalidSpec, specError.Message);
        }

        if (record.WriteError is { } writeError)
        {
            return ("False", Reasons.SecretWriteError, writeError + NextRetry(state));
        }

        if (state is null)
        {
            return ("False", Reasons.Pending, "Waiting for the first read from Vault.");
        }

        if (state.Health == SecretTargetHealth.Healthy)
        {
            return ("True", Reasons.SecretSynced, $"Secret {record.Resource.Destination.Name} is in sync with {state.Specs.Count} Vault path(s).");
        }

        bool failing = state.Specs.Any(s => s.LastError is not null);
        return ("False", failing ? Reasons.VaultClientError : Reasons.Pending, state.Reason + NextRetry(state));
    }

    private static string NextRetry(SecretTargetState? state)
    {
        DateTimeOffset? next = state?.Specs.Where(s => s.LastError is not null && s.NextActionAt is not null).Min(s => s.NextActionAt);
        return next is { } at ? $" Next retry at {Format(at)}." : string.Empty;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
