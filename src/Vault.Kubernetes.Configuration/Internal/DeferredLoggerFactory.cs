// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>
/// A logger factory whose loggers forward to a factory attached later: configuration is built before the host's logging exists,
/// yet the provider's background work (renewals, rotations, failures) should log through the host once it starts. Until then,
/// warnings and errors go to standard error (<see cref="StandardErrorLogger"/>), so a start-up that waits on Vault says so.
/// </summary>
internal sealed class DeferredLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, DeferredLogger> _loggers = new(StringComparer.Ordinal);
    private readonly TextWriter? _beforeAttach;
    private ILoggerFactory? _target;

    /// <summary>Initializes a new instance of the <see cref="DeferredLoggerFactory"/> class.</summary>
    /// <param name="beforeAttach">Where warnings go until a factory is attached; standard error when <see langword="null"/>.</param>
    public DeferredLoggerFactory(TextWriter? beforeAttach = null)
    {
        _beforeAttach = beforeAttach;
    }

    public void Attach(ILoggerFactory target)
    {
        _target = target;
        foreach (DeferredLogger logger in _loggers.Values)
        {
            logger.Inner = target.CreateLogger(logger.Category);
        }
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new DeferredLogger(name) { Inner = _target?.CreateLogger(name) ?? new StandardErrorLogger(name, _beforeAttach) });

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
