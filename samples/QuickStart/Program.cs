// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using QuickStart;

// Without VAULT_ADDR: the embedded dev server stands in for Vault and the cluster. With it: the same app against a real Vault.
return await QuickStartApp.RunAsync(args, Console.Out, Environment.GetEnvironmentVariable, CancellationToken.None);
