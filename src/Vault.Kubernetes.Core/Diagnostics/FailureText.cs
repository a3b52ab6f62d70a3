// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Net.Http;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Diagnostics;

/// <summary>How a failure reads in a log line: one sentence for what the library expects, a stack trace only for what it does not.</summary>
internal static class FailureText
{
    /// <summary>Returns the exception's message as one sentence: trimmed, ending with a period. Messages of this library never hold secret values.</summary>
    public static string Describe(Exception exception)
    {
        string message = exception.Message.Trim();
        return message.Length == 0 || message.EndsWith('.') ? message : message + ".";
    }

    /// <summary>Returns whether <paramref name="exception"/> comes from Vault, the network or the files the library reads, so its message says it all.</summary>
    /// <remarks>Anything else is a bug, and its stack trace is worth the log lines.</remarks>
    public static bool IsExpected(Exception exception) =>
        exception is VaultException or HttpRequestException or TimeoutException or IOException or UnauthorizedAccessException;
}
