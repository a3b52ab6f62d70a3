// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>The dev server's stand-in for a Kubernetes cluster: issues service-account tokens and sets up Kubernetes auth.</summary>
/// <remarks>
/// The issuer runs on the server clock, and the Kubernetes auth method uses it in place of the API server's TokenReview,
/// so a token it signed logs in, and a token from anywhere else (or for a recreated service account) is denied.
/// </remarks>
public sealed class VaultDevServerKubernetes
{
    /// <summary>The default mount path of the Kubernetes auth method (<c>auth/kubernetes</c>).</summary>
    public const string DefaultMountPath = "kubernetes";

    /// <summary>The <c>kubernetes_host</c> written by <see cref="EnableAuth"/>.</summary>
    public const string KubernetesHost = "https://kubernetes.default.svc";

    private readonly VaultCore _core;

    internal VaultDevServerKubernetes(VaultCore core)
    {
        _core = core;
    }

    /// <summary>Gets the cluster's service-account token issuer.</summary>
    public ServiceAccountTokenIssuer Issuer => _core.ClusterIssuer;

    /// <summary>Issues a projected service-account token (what a pod would find in its token file).</summary>
    /// <param name="namespace">The service account's namespace.</param>
    /// <param name="serviceAccountName">The service account's name.</param>
    /// <param name="audiences">The audiences; default the issuer's API-server audience.</param>
    /// <param name="lifetime">The lifetime; default the issuer's default (1 hour).</param>
    /// <returns>The signed JWT.</returns>
    /// <exception cref="ArgumentException">A name is null or empty.</exception>
    public string IssueToken(string @namespace, string serviceAccountName, IReadOnlyList<string>? audiences = null, TimeSpan? lifetime = null) =>
        Issuer.IssueToken(new ServiceAccountTokenRequest(@namespace, serviceAccountName) { Audiences = audiences, Lifetime = lifetime });

    /// <summary>Creates a kubelet-style token volume in <paramref name="directory"/> that rotates on the server clock.</summary>
    /// <param name="directory">The volume directory (created if missing).</param>
    /// <param name="namespace">The service account's namespace.</param>
    /// <param name="serviceAccountName">The service account's name.</param>
    /// <param name="audiences">The audiences; default the issuer's API-server audience.</param>
    /// <param name="lifetime">The token lifetime; default 1 hour.</param>
    /// <param name="cancellationToken">Cancels before any file is written.</param>
    /// <returns>The volume; dispose it to stop rotating.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public Task<ServiceAccountTokenVolume> CreateTokenVolumeAsync(
        string directory,
        string @namespace,
        string serviceAccountName,
        IReadOnlyList<string>? audiences = null,
        TimeSpan? lifetime = null,
        CancellationToken cancellationToken = default) =>
        ServiceAccountTokenVolume.CreateAsync(
            directory,
            Issuer,
            new ServiceAccountTokenRequest(@namespace, serviceAccountName) { Audiences = audiences, Lifetime = lifetime },
            cancellationToken: cancellationToken);

    /// <summary>Enables the Kubernetes auth method and configures it to trust this server's issuer.</summary>
    /// <param name="mountPath">The mount path under <c>auth/</c>.</param>
    /// <exception cref="ArgumentException">The path is empty or already in use.</exception>
    public void EnableAuth(string mountPath = DefaultMountPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        string pem = Issuer.PublicKeyPem;
        _core.Locked(() =>
        {
            string? error = _core.Mount(mountPath, "kubernetes", options: null, isAuth: true, description: string.Empty);
            if (error is not null)
            {
                throw new ArgumentException(error, nameof(mountPath));
            }

            Backend(mountPath).WriteConfig(new RequestFields(new JsonObject
            {
                ["kubernetes_host"] = KubernetesHost,
                ["pem_keys"] = new JsonArray(pem),
            }));
        });
    }

    /// <summary>
    /// Enables the Kubernetes auth method (if needed) and configures it as for a real cluster: <c>kubernetes_host</c> and
    /// <c>kubernetes_ca_cert</c> of <paramref name="cluster"/>, and a <c>token_reviewer_jwt</c> of a
    /// <c>kube-system/vault-token-reviewer</c> service account. Logins are then reviewed by the cluster's TokenReview.
    /// </summary>
    /// <param name="cluster">The Kubernetes dev server.</param>
    /// <param name="mountPath">The mount path under <c>auth/</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The path is empty or used by another kind of mount.</exception>
    public void ConnectToCluster(KubernetesDevServer cluster, string mountPath = DefaultMountPath)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        const string Reviewer = "vault-token-reviewer";
        if (cluster.GetObject("v1", "serviceaccounts", "kube-system", Reviewer) is null)
        {
            cluster.CreateObject(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = new JsonObject { ["name"] = Reviewer, ["namespace"] = "kube-system" },
            });
        }

        string reviewerJwt = cluster.CreateToken("kube-system", Reviewer, lifetime: TimeSpan.FromDays(365));
        var config = new JsonObject
        {
            ["kubernetes_host"] = cluster.Address.GetLeftPart(UriPartial.Authority),
            ["token_reviewer_jwt"] = reviewerJwt,
        };
        if (cluster.CaCertificatePem is { } ca)
        {
            config["kubernetes_ca_cert"] = ca;
        }

        _core.Locked(() =>
        {
            if (_core.Mounts.Get("auth/" + mountPath.Trim('/')) is null)
            {
                string? error = _core.Mount(mountPath, "kubernetes", options: null, isAuth: true, description: string.Empty);
                if (error is not null)
                {
                    throw new ArgumentException(error, nameof(mountPath));
                }
            }

            Backend(mountPath).WriteConfig(new RequestFields(config));
        });
    }

    /// <summary>Creates or updates a role, with the same fields as <c>POST auth/&lt;mount&gt;/role/&lt;name&gt;</c>.</summary>
    /// <param name="roleName">The role name.</param>
    /// <param name="fields">The role fields, for example <c>bound_service_account_names</c>, <c>token_policies</c>, <c>token_ttl</c> ("1h" or seconds).</param>
    /// <param name="mountPath">The auth mount path.</param>
    /// <exception cref="ArgumentException">The mount is not a Kubernetes auth mount, or a field is invalid (message as Vault's).</exception>
    public void WriteRole(string roleName, IReadOnlyDictionary<string, object?> fields, string mountPath = DefaultMountPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleName);
        ArgumentNullException.ThrowIfNull(fields);
        var data = JsonSerializer.SerializeToNode(fields) as JsonObject ?? [];
        try
        {
            _core.Locked(() => Backend(mountPath).WriteRole(roleName, new RequestFields(data)));
        }
        catch (Exception ex) when (ex is VaultRequestException or FormatException)
        {
            throw new ArgumentException(ex.Message, nameof(fields), ex);
        }
    }

    private KubernetesAuthBackend Backend(string mountPath) =>
        _core.Mounts.Get("auth/" + mountPath.Trim('/')) is { Backend: KubernetesAuthMount mount }
            ? mount.Backend
            : throw new ArgumentException($"\"auth/{mountPath.Trim('/')}\" is not a Kubernetes auth mount.", nameof(mountPath));
}
