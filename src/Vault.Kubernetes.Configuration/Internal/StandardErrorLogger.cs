// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using Microsoft.Extensions.Logging;

namespace Vault.Kubernetes.Configuration.Internal;

/// <summary>
/// Writes warnings and errors to standard error while the host's logging does not exist yet: configuration is built (and Vault read)
/// before it, and a start-up that waits on Vault or fails must not be silent in the pod's log.
/// </summary>
internal sealed class StandardErrorLogger(string category, TextWriter? writer = null) : ILogger
{
    private readonly TextWriter _writer = writer ?? Console.Error;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string level = logLevel switch
        {
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };

        // The console logger's layout, on one line: the messages of this library carry no secret values.
        string line = string.Create(CultureInfo.InvariantCulture, $"{level}: {category}[{eventId.Id}] {formatter(state, exception)}");
        _writer.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
    }
}
