// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>What a backend returns; <see cref="VaultResponseWriter"/> turns it into Vault's exact wire shape.</summary>
internal sealed class VaultResponse
{
    /// <summary>Gets or sets the HTTP status code.</summary>
    public int StatusCode { get; set; } = 200;

    /// <summary>Gets the body shape.</summary>
    public VaultResponseKind Kind { get; init; } = VaultResponseKind.Envelope;

    /// <summary>Gets or sets the envelope's data (object or null).</summary>
    public JsonNode? Data { get; set; }

    /// <summary>Gets or sets the envelope's lease_id ("" when no lease).</summary>
    public string LeaseId { get; set; } = string.Empty;

    /// <summary>Gets or sets the envelope's renewable flag.</summary>
    public bool Renewable { get; set; }

    /// <summary>Gets or sets the envelope's lease_duration in seconds.</summary>
    public long LeaseDuration { get; set; }

    /// <summary>Gets or sets the auth block (see <see cref="AuthBlock"/>).</summary>
    public JsonObject? Auth { get; set; }

    /// <summary>Gets or sets the wrap_info block.</summary>
    public JsonObject? WrapInfo { get; set; }

    /// <summary>Gets or sets the warnings (null when none).</summary>
    public List<string>? Warnings { get; set; }

    /// <summary>Gets or sets the mount type; null means "use the serving mount's type".</summary>
    public string? MountType { get; set; }

    /// <summary>Gets or sets the request id; null means "use the request's id".</summary>
    public string? RequestId { get; set; }

    /// <summary>Gets the errors for <see cref="VaultResponseKind.Errors"/>.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Gets the raw JSON body for <see cref="VaultResponseKind.Raw"/>.</summary>
    public JsonNode? RawBody { get; init; }

    /// <summary>Gets or sets a value indicating whether data keys are also copied to the top level (Vault's sys injector quirk).</summary>
    public bool InjectDataAtTopLevel { get; set; }

    /// <summary>Gets extra response headers (Retry-After, Location ...).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A 200 envelope carrying <paramref name="data"/>.</summary>
    public static VaultResponse Ok(JsonNode? data) => new() { Data = data };

    /// <summary>A 204 with no body.</summary>
    public static VaultResponse NoContent() => new() { StatusCode = 204, Kind = VaultResponseKind.Empty };

    /// <summary>A status with {"errors":[...]}.</summary>
    public static VaultResponse Error(int statusCode, params IReadOnlyList<string> errors) =>
        new() { StatusCode = statusCode, Kind = VaultResponseKind.Errors, Errors = errors };

    /// <summary>400 with one error (Vault's default for backend error responses).</summary>
    public static VaultResponse BadRequest(string error) => Error(400, error);

    /// <summary>404 {"errors":[]}: nothing at this path.</summary>
    public static VaultResponse NotFound() => Error(404);

    /// <summary>405 unsupported operation, multierror formatted like Vault's router.</summary>
    public static VaultResponse Unsupported() => Error(405, VaultErrors.Multi(VaultErrors.UnsupportedOperation));

    /// <summary>403 permission denied, multierror formatted like Vault's ACL denial.</summary>
    public static VaultResponse PermissionDenied() => Error(403, VaultErrors.Multi(VaultErrors.PermissionDenied));

    /// <summary>
    /// 403 for a token-aware unauthenticated path that needs a token it cannot resolve: plain "permission denied" when none was
    /// sent, multierror("permission denied", "invalid token") when the sent one is unknown, revoked or expired (Vault 1.17+).
    /// </summary>
    public static VaultResponse TokenRejected(string? clientToken) => string.IsNullOrEmpty(clientToken)
        ? Error(403, VaultErrors.PermissionDenied)
        : Error(403, VaultErrors.Multi(VaultErrors.PermissionDenied, VaultErrors.InvalidToken));

    /// <summary>A raw (non-envelope) JSON body.</summary>
    public static VaultResponse Raw(int statusCode, JsonNode body) =>
        new() { StatusCode = statusCode, Kind = VaultResponseKind.Raw, RawBody = body };

    /// <summary>An envelope with data null and one warning, at <paramref name="statusCode"/>.</summary>
    public static VaultResponse Warning(int statusCode, string warning) => new() { StatusCode = statusCode, Warnings = [warning] };

    /// <summary>Adds a warning and returns this response.</summary>
    public VaultResponse AddWarning(string warning)
    {
        (Warnings ??= []).Add(warning);
        return this;
    }
}
