// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>
/// A logger factory whose loggers forward to a factory attached later: configuration is built before the host's logging exists,
/// yet the provider's background work (renewals, rotations, failures) should log through the host once it starts.
/// </summary>
internal sealed class DeferredLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, DeferredLogger> _loggers = new(StringComparer.Ordinal);
    private ILoggerFactory _target = NullLoggerFactory.Instance;

    public void Attach(ILoggerFactory target)
    {
        _target = target;
        foreach (DeferredLogger logger in _loggers.Values)
        {
            logger.Inner = target.CreateLogger(logger.Category);
        }
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new DeferredLogger(name) { Inner = _target.CreateLogger(name) });

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("Attach a logger factory instead.");

    public void Dispose()
    {
    }

    private sealed class DeferredLogger(string category) : ILogger
    {
        public string Category { get; } = category;

        public ILogger Inner { get; set; } = NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => Inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
