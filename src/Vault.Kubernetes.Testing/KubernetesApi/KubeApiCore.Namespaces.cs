// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// What the namespace controller does: a deleted namespace turns Terminating, its objects are deleted, and it goes once
/// the last of them (finalizers included) is gone. New objects are refused in a terminating namespace.
/// </summary>
internal sealed partial class KubeApiCore
{
    private StoredObject DeleteNamespace(StoredObject current, DateTimeOffset now, bool dryRun)
    {
        if (dryRun)
        {
            return current;
        }

        StoredObject terminating = current;
        if (current.Metadata["deletionTimestamp"] is null)
        {
            JsonObject marked = current.Copy();
            var metadata = (JsonObject)marked["metadata"]!;
            metadata["deletionTimestamp"] = KubeTime.Format(now);
            metadata["resourceVersion"] = Store.NextResourceVersion().ToString(CultureInfo.InvariantCulture);
            marked["status"] = new JsonObject { ["phase"] = "Terminating" };
            terminating = new StoredObject(marked);
            Store.Put(Catalog.Namespaces, current, terminating);
        }

        foreach ((ResourceType contained, StoredObject obj) in ObjectsInNamespace(current.Name))
        {
            if (Store.Get(contained, obj.Namespace, obj.Name) is { } live && live.Uid == obj.Uid)
            {
                Delete(contained, live, now, "Background");
            }
        }

        return FinishNamespace(current.Name, now) ?? terminating;
    }

    /// <summary>Removes a terminating namespace once it is empty; returns the final object, or null when it stays.</summary>
    private StoredObject? FinishNamespace(string name, DateTimeOffset now)
    {
        if (Store.Get(Catalog.Namespaces, null, name) is not { } ns || ns.Metadata["deletionTimestamp"] is null
            || Finalizers(ns.Node).Count > 0 || Store.CountIn(name) > 0)
        {
            return null;
        }

        return RemoveNow(Catalog.Namespaces, ns, now, "Background");
    }

    private void RefuseIfTerminating(ResourceType type, string ns, string name)
    {
        if (Store.Get(Catalog.Namespaces, null, ns)?.Metadata["deletionTimestamp"] is not null)
        {
            throw new KubeApiException(403, "Forbidden", $"{type.QualifiedName} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
        }
    }
}
