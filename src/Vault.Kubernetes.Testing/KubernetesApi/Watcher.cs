// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>One open watch: its filter and the queue of newline-terminated event lines its connection writes.</summary>
internal sealed class Watcher : IDisposable
{
    private static readonly byte[] s_added = Encoding.UTF8.GetBytes("{\"type\":\"ADDED\",\"object\":");
    private static readonly byte[] s_modified = Encoding.UTF8.GetBytes("{\"type\":\"MODIFIED\",\"object\":");
    private static readonly byte[] s_deleted = Encoding.UTF8.GetBytes("{\"type\":\"DELETED\",\"object\":");
    private readonly Func<JsonObject, bool> _matches;
    private readonly CancellationTokenSource _dropped = new();

    public Watcher(ResourceType type, string? @namespace, Func<JsonObject, bool> matches)
    {
        Type = type;
        Namespace = @namespace;
        _matches = matches;
    }

    public ResourceType Type { get; }

    public string? Namespace { get; }

    public Channel<byte[]> Lines { get; } = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Gets a token cancelled when fault injection drops this watch.</summary>
    public CancellationToken Dropped => _dropped.Token;

    public static byte[] Line(string type, byte[] objectJson)
    {
        byte[] prefix = type switch
        {
            "ADDED" => s_added,
            "MODIFIED" => s_modified,
            "DELETED" => s_deleted,
            _ => Encoding.UTF8.GetBytes("{\"type\":\"" + type + "\",\"object\":"),
        };
        byte[] line = new byte[prefix.Length + objectJson.Length + 2];
        prefix.CopyTo(line, 0);
        objectJson.CopyTo(line, prefix.Length);
        line[^2] = (byte)'}';
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>Queues a change as the event this watcher sees: selector enter/leave become ADDED/DELETED.</summary>
    public void Offer(WatchRecord record)
    {
        if (Namespace is not null && !string.Equals(record.New.Namespace, Namespace, StringComparison.Ordinal))
        {
            return;
        }

        bool now = _matches(record.New.Node);
        bool before = record.Old is not null && _matches(record.Old.Node);
        string? type = record.Type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "DELETED" => before || now ? "DELETED" : null,
            _ => (before, now) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null,
            },
        };
        if (type is not null)
        {
            Lines.Writer.TryWrite(Line(type, record.New.Json));
        }
    }

    public void OfferCurrent(StoredObject current)
    {
        if (_matches(current.Node))
        {
            Lines.Writer.TryWrite(Line("ADDED", current.Json));
        }
    }

    public void Drop() => _dropped.Cancel();

    public void Dispose() => _dropped.Dispose();
}
