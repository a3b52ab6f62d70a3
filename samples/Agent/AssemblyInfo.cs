// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.Versioning;

// The agent writes files with Unix modes and runs commands with /bin/sh: it targets Linux containers (and macOS for development).
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
