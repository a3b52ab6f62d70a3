// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Csi.Protocol;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>
/// Serves Mount from Core: each pod volume is a sync target of its identity; its objects' Vault reads are specs the engine
/// fetches once, holds, renews and re-issues. A repeated Mount (a rotation poll, in either form) re-adds the same target,
/// which fetches nothing, and answers from what is held, with versions that only move when the bytes do.
/// </summary>
internal sealed class CsiMounter
{
    private readonly SecretSyncEngine _engine;
    private readonly ObjectVersioner _versioner;
    private readonly PodTokenSlots _tokens = new();
    private readonly IPodTokenRequester _tokenRequester;
    private readonly string? _defaultAddress;
    private readonly string _defaultAuthMount;

    /// <summary>Initializes a new instance of the <see cref="CsiMounter"/> class.</summary>
    /// <param name="engine">The engine over the session cache.</param>
    /// <param name="versioner">Derives object versions.</param>
    /// <param name="tokenRequester">The fallback when the driver sent no pod token.</param>
    /// <param name="defaultAddress">The Vault address for classes without <c>vaultAddress</c>.</param>
    /// <param name="defaultAuthMount">The auth mount for classes without one.</param>
    public CsiMounter(SecretSyncEngine engine, ObjectVersioner versioner, IPodTokenRequester tokenRequester, string? defaultAddress, string defaultAuthMount)
    {
        _engine = engine;
        _versioner = versioner;
        _tokenRequester = tokenRequester;
        _defaultAddress = defaultAddress;
        _defaultAuthMount = defaultAuthMount;
    }

    /// <summary>Parses a request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="MountInputException">The request is malformed.</exception>
    public MountParameters Parse(MountRequest request) => MountRequestParser.Parse(request, _defaultAuthMount);

    /// <summary>Names the target of a mount: the volume's target path (one per pod volume), else pod and class.</summary>
    /// <param name="parameters">The mount.</param>
    /// <returns>The target name.</returns>
    public static string TargetName(MountParameters parameters) =>
        parameters.TargetPath.Length > 0 ? parameters.TargetPath : $"{parameters.PodNamespace}/{parameters.PodUid}/{parameters.SecretProviderClass}";

    /// <summary>Serves one mount.</summary>
    /// <param name="parameters">The parsed request.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The files and versions.</returns>
    /// <exception cref="MountInputException">The request cannot be served as sent.</exception>
    /// <exception cref="MountFailedException">Vault did not serve a required object; the message names the path.</exception>
    public async Task<MountResponse> MountAsync(MountParameters parameters, CancellationToken cancellationToken)
    {
        string jwt = parameters.PodToken ?? await _tokenRequester.RequestAsync(parameters, cancellationToken).ConfigureAwait(false);
        VaultIdentity identity = CreateIdentity(parameters, jwt);
        (IReadOnlyList<SecretSpec> specs, string[] specOfObject) = BuildSpecs(parameters.Objects);
        string name = TargetName(parameters);
        _engine.AddOrUpdate(new SecretSyncTarget(name, specs, identity));
        SecretTargetContent? content = await _engine.GetTargetAsync(name, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            string reason = _engine.GetTargetState(name)?.Reason ?? "not loaded";
            // A failed volume is retried by the driver with a new Mount; the engine must not keep retrying it meanwhile.
            await _engine.RemoveAsync(name, CancellationToken.None).ConfigureAwait(false);
            throw new MountFailedException(reason);
        }

        var items = content.Items.ToDictionary(item => item.Spec.Name, StringComparer.Ordinal);
        var response = new MountResponse();
        for (int i = 0; i < parameters.Objects.Count; i++)
        {
            CsiObject item = parameters.Objects[i];
            if (!items.TryGetValue(specOfObject[i], out SecretTargetItem? held) || held.Snapshot is null)
            {
                throw new MountFailedException($"{item.SecretPath}: not loaded (object '{item.ObjectName}')");
            }

            byte[] bytes = ObjectContent.Render(item, held.Snapshot);
            response.Files.Add(new Protocol.File { Path = item.ObjectName, Mode = item.FilePermission ?? parameters.DefaultMode, Contents = ByteString.CopyFrom(bytes) });
            response.ObjectVersion.Add(new ObjectVersion { Id = item.ObjectName, Version = _versioner.Compute(item, bytes) });
        }

        return response;
    }

    private VaultIdentity CreateIdentity(MountParameters parameters, string jwt)
    {
        string address = parameters.VaultAddress ?? _defaultAddress
            ?? throw new MountInputException("Parameter 'vaultAddress' is required: this provider was started without a default Vault address.");
        VaultClientOptions connection;
        try
        {
            connection = new VaultConnectionOptions
            {
                Address = address,
                Namespace = parameters.VaultNamespace,
                CaCertificate = parameters.CaCertificate,
                TlsServerName = parameters.TlsServerName,
                SkipTlsVerify = parameters.SkipTlsVerify,
            }.ToClientOptions(static _ => null);
        }
        catch (ArgumentException)
        {
            throw new MountInputException($"Parameter 'vaultAddress' ('{address}') is not an absolute URI such as https://vault.vault.svc:8200.");
        }

        string subject = $"system:serviceaccount:{parameters.PodNamespace}:{parameters.ServiceAccountName}";
        // The slot key mirrors what makes identities distinct, so pods of one service account share the newest token.
        string slotKey = string.Join('\n', address, parameters.VaultNamespace, parameters.CaCertificate, parameters.TlsServerName, parameters.SkipTlsVerify.ToString(), parameters.AuthMountPath, parameters.RoleName, subject);
        IServiceAccountTokenSource source = _tokens.Update(slotKey, jwt);
        try
        {
            return VaultIdentity.ForKubernetes(connection, parameters.RoleName, source, subject, parameters.AuthMountPath);
        }
        catch (ArgumentException)
        {
            throw new MountInputException($"Parameter 'vaultKubernetesMountPath' ('{parameters.AuthMountPath}') is not a valid auth mount path.");
        }
    }

    private static (IReadOnlyList<SecretSpec> Specs, string[] SpecOfObject) BuildSpecs(IReadOnlyList<CsiObject> objects)
    {
        // Objects reading the same (method, path, version, args) share one spec, so a dynamic credential split over two
        // files (username, password) is one lease, as vault-csi-provider's per-request cache does within a Mount.
        var specs = new Dictionary<string, SecretSpec>(StringComparer.Ordinal);
        string[] specOfObject = new string[objects.Count];
        for (int i = 0; i < objects.Count; i++)
        {
            CsiObject item = objects[i];
            string name = SpecName(item);
            specOfObject[i] = name;
            if (specs.ContainsKey(name))
            {
                continue;
            }

            bool write = item.Method != "GET";
            specs[name] = new SecretSpec(name, item.SecretPath, ClassifyKind(item))
            {
                Version = item.Version,
                UseWrite = write,
                Body = write ? item.SecretArgs ?? new Dictionary<string, string>() : null,
            };
        }

        return (specs.Values.ToArray(), specOfObject);
    }

    private static string SpecName(CsiObject item)
    {
        var name = new StringBuilder(item.Method).Append(' ').Append(item.SecretPath);
        if (item.Version is int version)
        {
            name.Append("?version=").Append(version.ToString(CultureInfo.InvariantCulture));
        }

        if (item.SecretArgs is { Count: > 0 } args)
        {
            // Arguments can be sensitive (they are a request body): name them by a digest, which appears in states and logs.
            string joined = string.Join('\n', args.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key + "=" + pair.Value));
            name.Append('#').Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..12]);
        }

        return name.ToString();
    }

    private static SecretSourceKind ClassifyKind(CsiObject item)
    {
        // vault-csi-provider sends the path as given. Core reads KV through its KV calls (version-first re-checks) and
        // anything else generically (leases renewed, re-issued): a "<mount>/data/..." GET is KV v2, the rest is generic.
        string[] segments = item.SecretPath.Split('/');
        return item.Method == "GET" && segments.Length > 2 && segments[1] == "data" ? SecretSourceKind.KvV2 : SecretSourceKind.Dynamic;
    }
}
