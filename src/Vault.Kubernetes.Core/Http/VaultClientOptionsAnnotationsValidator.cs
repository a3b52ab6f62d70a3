// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;

namespace Vault.Kubernetes.Http;

/// <summary>Checks the DataAnnotations declared on <see cref="VaultClientOptions"/>; the body is source-generated (no reflection, trim- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class VaultClientOptionsAnnotationsValidator : IValidateOptions<VaultClientOptions>
{
}
