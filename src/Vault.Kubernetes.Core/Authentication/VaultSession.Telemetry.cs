// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Vault.Kubernetes.Diagnostics;

namespace Vault.Kubernetes.Authentication;

/// <content>Metrics and events. Tags carry the mount, role, operation and outcome only, never a token.</content>
public sealed partial class VaultSession
{
    private const string MountTag = "vault.auth.mount";
    private const string RoleTag = "vault.auth.role";
    private const string OutcomeTag = "outcome";
    private const string OperationTag = "operation";
    private const string SuccessOutcome = "success";
    private const string FailureOutcome = "failure";
    private const string LoginOperation = "login";
    private const string RenewOperation = "renew";

    private static readonly Counter<long> s_logins = VaultTelemetry.s_meter.CreateCounter<long>(
        "vault.session.logins", unit: "{login}", description: "Vault logins made by sessions, by auth mount, role and outcome.");

    private static readonly Counter<long> s_renewals = VaultTelemetry.s_meter.CreateCounter<long>(
        "vault.session.renewals", unit: "{renewal}", description: "Vault token renewals made by sessions, by auth mount, role and outcome.");

    private static readonly Counter<long> s_failures = VaultTelemetry.s_meter.CreateCounter<long>(
        "vault.session.failures", unit: "{failure}", description: "Failed session logins and renewals, by auth mount, role and operation.");

    private TagList Tags(string outcome, string? operation = null)
    {
        var tags = new TagList
        {
            { MountTag, _authMethod.MountPath },
            { RoleTag, _authMethod.Role ?? string.Empty },
            { OutcomeTag, outcome },
        };
        if (operation is not null)
        {
            tags.Add(OperationTag, operation);
        }

        return tags;
    }

    private void Raise(EventHandler<VaultSessionEventArgs>? handler, string eventName, VaultSessionEventArgs args)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, args);
        }
        catch (Exception ex)
        {
            // A subscriber's bug must not stop token renewal for every request of this identity.
            _logger.VaultSessionEventHandlerFailed(eventName, ex);
        }
    }
}
