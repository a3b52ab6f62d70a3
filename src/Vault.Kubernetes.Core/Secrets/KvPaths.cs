// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Secrets;

/// <summary>Path rules shared by every KV version 2 read.</summary>
internal static class KvPaths
{
    private const string DataSegment = "data/";

    /// <summary>Returns the secret's path inside a KV version 2 mount, accepting the API spelling with <c>data/</c> (as templates and the CLI docs write it).</summary>
    public static string InnerV2Path(string inner) =>
        inner.StartsWith(DataSegment, StringComparison.Ordinal) ? inner[DataSegment.Length..] : inner;
}
