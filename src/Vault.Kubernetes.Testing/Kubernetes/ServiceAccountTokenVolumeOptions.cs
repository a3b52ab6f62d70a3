// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>Options for a <see cref="ServiceAccountTokenVolume"/>.</summary>
public sealed class ServiceAccountTokenVolumeOptions
{
    /// <summary>Gets or sets the fraction of the token lifetime after which the kubelet writes a new token.</summary>
    /// <value>Default 0.8 (kubelet refreshes once a token has lived 80% of its TTL, and at the latest after 24 hours).</value>
    public double RefreshFraction { get; set; } = 0.8;

    /// <summary>Gets or sets a value indicating whether tokens are rotated on the schedule.</summary>
    /// <value>Default <see langword="true"/>; when <see langword="false"/> only <see cref="ServiceAccountTokenVolume.RotateAsync"/> rotates.</value>
    public bool AutoRotate { get; set; } = true;

    /// <summary>Gets or sets the <c>ca.crt</c> content.</summary>
    /// <value>Default <see langword="null"/>: the issuer's <see cref="ServiceAccountTokenIssuer.CaCertificatePem"/>.</value>
    public string? CaCertificatePem { get; set; }

    /// <summary>Gets or sets the Unix mode of the files in the volume.</summary>
    /// <value>Default 0644 (the projected volume default mode); ignored on Windows.</value>
    public UnixFileMode FileMode { get; set; } =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
}
