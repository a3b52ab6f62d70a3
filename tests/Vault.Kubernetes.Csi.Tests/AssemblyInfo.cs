// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.Versioning;

// The provider under test targets Linux containers (and macOS for development).
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
