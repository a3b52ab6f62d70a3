// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// The generic object store: objects per resource keyed by namespace/name, one global resourceVersion counter, a bounded
/// change history per resource, and the open watches. One lock guards it all; every method expects the caller to hold <see cref="Sync"/>.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<WatchRecord>> _history = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _compacted = new(StringComparer.Ordinal);
    private readonly List<Watcher> _watchers = [];

    // Owner UID → dependents, so deleting an owner finds them without scanning every object.
    private readonly Dictionary<string, HashSet<(string ResourceKey, string Key)>> _dependents = new(StringComparer.Ordinal);

    // Objects per namespace, so the namespace controller can tell "empty" without listing.
    private readonly Dictionary<string, int> _perNamespace = new(StringComparer.Ordinal);
    private readonly int _historyLimit;

    public ObjectStore(int historyLimit)
    {
        _historyLimit = historyLimit;
    }

    public Lock Sync { get; } = new();

    /// <summary>Gets the newest resourceVersion handed out.</summary>
    public long ResourceVersion { get; private set; }

    public int WatcherCount => _watchers.Count;

    public static string KeyOf(string? @namespace, string name) => (@namespace ?? string.Empty) + "/" + name;

    public long NextResourceVersion() => ++ResourceVersion;

    public StoredObject? Get(ResourceType type, string? @namespace, string name) =>
        _objects.TryGetValue(type.Key, out SortedDictionary<string, StoredObject>? objects) && objects.TryGetValue(KeyOf(@namespace, name), out StoredObject? stored)
            ? stored
            : null;

    /// <summary>Objects of a resource in key order, optionally in one namespace, starting after <paramref name="afterKey"/>.</summary>
    public IEnumerable<KeyValuePair<string, StoredObject>> List(ResourceType type, string? @namespace, string? afterKey = null)
    {
        if (!_objects.TryGetValue(type.Key, out SortedDictionary<string, StoredObject>? objects))
        {
            return [];
        }

        IEnumerable<KeyValuePair<string, StoredObject>> items = objects;
        if (@namespace is not null)
        {
            string prefix = @namespace + "/";
            items = items.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal));
        }

        if (afterKey is not null)
        {
            items = items.Where(pair => string.CompareOrdinal(pair.Key, afterKey) > 0);
        }

        return items;
    }

    public int CountIn(string ns) => _perNamespace.GetValueOrDefault(ns);

    public int Count(ResourceType type) => _objects.TryGetValue(type.Key, out SortedDictionary<string, StoredObject>? objects) ? objects.Count : 0;

    /// <summary>The objects whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    public List<(string ResourceKey, StoredObject Object)> Dependents(string ownerUid)
    {
        var found = new List<(string, StoredObject)>();
        foreach ((string resourceKey, string key) in _dependents.GetValueOrDefault(ownerUid) ?? [])
        {
            if (_objects.TryGetValue(resourceKey, out SortedDictionary<string, StoredObject>? objects) && objects.TryGetValue(key, out StoredObject? dependent))
            {
                found.Add((resourceKey, dependent));
            }
        }

        return found;
    }

    /// <summary>Stores a new version of an object and tells the watchers (ADDED when <paramref name="old"/> is null).</summary>
    public void Put(ResourceType type, StoredObject? old, StoredObject current)
    {
        if (!_objects.TryGetValue(type.Key, out SortedDictionary<string, StoredObject>? objects))
        {
            objects = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _objects[type.Key] = objects;
        }

        string key = KeyOf(current.Namespace, current.Name);
        objects[key] = current;
        if (old is null && current.Namespace is { } ns)
        {
            _perNamespace[ns] = _perNamespace.GetValueOrDefault(ns) + 1;
        }

        Index(type.Key, key, old, remove: true);
        Index(type.Key, key, current, remove: false);
        Record(type, new WatchRecord(ParseVersion(current.ResourceVersion), old is null ? "ADDED" : "MODIFIED", old, current));
    }

    /// <summary>Removes an object; <paramref name="final"/> is the object as deleted, with a new resourceVersion.</summary>
    public void Remove(ResourceType type, StoredObject old, StoredObject final)
    {
        if (_objects.TryGetValue(type.Key, out SortedDictionary<string, StoredObject>? objects))
        {
            if (objects.Remove(KeyOf(old.Namespace, old.Name)) && old.Namespace is { } ns)
            {
                _perNamespace[ns] = _perNamespace.GetValueOrDefault(ns) - 1;
            }
        }

        Index(type.Key, KeyOf(old.Namespace, old.Name), old, remove: true);

        Record(type, new WatchRecord(ParseVersion(final.ResourceVersion), "DELETED", old, final));
    }

    /// <summary>Drops every object and the history of a resource (its CRD went away); open watches of it are closed.</summary>
    public void Forget(string resourceKey)
    {
        _objects.Remove(resourceKey);
        _history.Remove(resourceKey);
        foreach (Watcher watcher in _watchers.Where(w => w.Type.Key == resourceKey))
        {
            watcher.Lines.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Opens a watch from <paramref name="fromVersion"/> (null: the current objects as ADDED first).
    /// Returns null when that version is older than the retained history (the caller answers 410 Expired).
    /// </summary>
    public Watcher? Watch(ResourceType type, string? @namespace, Func<System.Text.Json.Nodes.JsonObject, bool> matches, long? fromVersion, out long oldestRetained)
    {
        oldestRetained = _compacted.GetValueOrDefault(type.Key);
        if (fromVersion is { } from && from < oldestRetained)
        {
            return null;
        }

        var watcher = new Watcher(type, @namespace, matches);
        if (fromVersion is { } since)
        {
            foreach (WatchRecord record in _history.GetValueOrDefault(type.Key) ?? new Queue<WatchRecord>())
            {
                if (record.ResourceVersion > since)
                {
                    watcher.Offer(record);
                }
            }
        }
        else
        {
            foreach (KeyValuePair<string, StoredObject> pair in List(type, @namespace))
            {
                watcher.OfferCurrent(pair.Value);
            }
        }

        _watchers.Add(watcher);
        return watcher;
    }

    public void Unwatch(Watcher watcher) => _watchers.Remove(watcher);

    public int DropWatches()
    {
        int count = _watchers.Count;
        foreach (Watcher watcher in _watchers)
        {
            watcher.Drop();
        }

        return count;
    }

    private void Index(string resourceKey, string key, StoredObject? obj, bool remove)
    {
        foreach (string owner in obj?.OwnerUids ?? [])
        {
            if (remove)
            {
                if (_dependents.TryGetValue(owner, out HashSet<(string, string)>? set) && set.Remove((resourceKey, key)) && set.Count == 0)
                {
                    _dependents.Remove(owner);
                }
            }
            else
            {
                if (!_dependents.TryGetValue(owner, out HashSet<(string, string)>? set))
                {
                    set = [];
                    _dependents[owner] = set;
                }

                set.Add((resourceKey, key));
            }
        }
    }

    private static long ParseVersion(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private void Record(ResourceType type, WatchRecord record)
    {
        if (!_history.TryGetValue(type.Key, out Queue<WatchRecord>? history))
        {
            history = new Queue<WatchRecord>();
            _history[type.Key] = history;
        }

        history.Enqueue(record);
        while (history.Count > _historyLimit)
        {
            // A watch from before the oldest kept change could miss events: it gets 410 Expired instead.
            _compacted[type.Key] = history.Dequeue().ResourceVersion;
        }

        foreach (Watcher watcher in _watchers)
        {
            if (watcher.Type.Key == type.Key)
            {
                watcher.Offer(record);
            }
        }
    }
}
