// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Vault.Kubernetes.Core.Tests.Authentication;

/// <summary>An ILoggerFactory whose loggers write every level into one FakeLogCollector.</summary>
internal sealed class CollectingLoggerFactory : ILoggerFactory
{
    public FakeLogCollector Collector { get; } = new();

    public ILogger CreateLogger(string categoryName) => new FakeLogger(Collector, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    /// <summary>Everything a log sink could see: messages, structured values and exceptions with their inner exceptions.</summary>
    public string AllOutput() => string.Join("\n", Collector.GetSnapshot().Select(r =>
        $"{r.Level} {r.Id} {r.Message} | {string.Join(";", (r.StructuredState ?? []).Select(kv => $"{kv.Key}={kv.Value}"))} | {r.Exception}"));
}
