// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Agent.Diagnostics;

/// <summary>
/// Writes one line per log message to standard error, synchronously: a sidecar logs little, and the full console logger
/// (formatters, options, a queue thread) costs memory the agent is measured on. It is the whole logger factory, not a
/// provider under Microsoft.Extensions.Logging's <c>LoggerFactory</c>: one output and one minimum level need none of that
/// factory's filter rules, scopes or provider list, and leaving it out keeps its code out of the NativeAOT image
/// (benchmarks/results/agent.md).
/// </summary>
internal sealed class LineLoggerFactory(LogLevel minimumLevel, TextWriter output, TimeProvider timeProvider) : ILoggerFactory
{
    private readonly object _lock = new();

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    /// <summary>Refused: every message goes to the one output this factory was made with.</summary>
    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The agent's logger writes to standard error only; it takes no other providers.");

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{timeProvider.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {Label(level)}: {category}[{eventId.Id}] {message}{(exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})")}");
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class LineLogger(LineLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= factory._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                factory.Write(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }

    private readonly LogLevel _minimumLevel = minimumLevel;
}
