// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>One entry of a SecretProviderClass's <c>objects</c> list: a file of the volume.</summary>
/// <param name="ObjectName">The file name in the volume; unique within the class.</param>
/// <param name="SecretPath">The Vault path without <c>/v1/</c> and without the query.</param>
/// <param name="Version">The KV version from a <c>?version=N</c> query, if any.</param>
/// <param name="SecretKey">The key to extract, or <see langword="null"/> for the whole data as JSON.</param>
/// <param name="SecretArgs">The request body for <c>PUT</c>/<c>POST</c>, or <see langword="null"/>.</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="FilePermission">The file mode overriding the request's default, or <see langword="null"/>.</param>
/// <param name="Encoding">How the extracted value is decoded before writing.</param>
internal sealed record CsiObject(
    string ObjectName,
    string SecretPath,
    int? Version,
    string? SecretKey,
    IReadOnlyDictionary<string, string>? SecretArgs,
    string Method,
    int? FilePermission,
    CsiObjectEncoding Encoding);
