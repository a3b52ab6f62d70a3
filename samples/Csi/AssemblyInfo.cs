// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.Versioning;

// The provider listens on a Unix domain socket with a restricted file mode: it targets Linux nodes (and macOS for development).
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
