// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Injector.Hosting;

await InjectorHost.Build(args).RunAsync();
