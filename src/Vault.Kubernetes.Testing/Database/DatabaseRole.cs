// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Database;

/// <summary>A dynamic role (<c>database/roles/&lt;name&gt;</c>): each <c>creds</c> read creates a new user with a lease.</summary>
internal sealed record DatabaseRole(
    string Name,
    string DbName,
    IReadOnlyList<string> CreationStatements,
    IReadOnlyList<string> RevocationStatements,
    IReadOnlyList<string> RollbackStatements,
    IReadOnlyList<string> RenewStatements,
    TimeSpan DefaultTtl,
    TimeSpan MaxTtl);
