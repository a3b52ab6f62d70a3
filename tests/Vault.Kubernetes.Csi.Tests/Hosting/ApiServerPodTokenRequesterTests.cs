// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Csi.Mounting;
using Vault.Kubernetes.Testing;

namespace Vault.Kubernetes.Csi.Tests.Hosting;

/// <summary>The token fallback against <see cref="KubernetesDevServer"/>: a pod-bound TokenRequest with the provider's own credentials.</summary>
public sealed class ApiServerPodTokenRequesterTests : IAsyncLifetime
{
    private readonly string _ownToken = Path.Combine(Path.GetTempPath(), "vk-csi-own-" + Guid.NewGuid().ToString("N"));
    private KubernetesDevServer _kube = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _kube = await KubernetesDevServer.StartAsync(new KubernetesDevServerOptions { Namespaces = { "shop" } }, Ct);
        await File.WriteAllTextAsync(_ownToken, _kube.AdminToken + "\n", Ct);
        _kube.CreateObject(JsonNode.Parse("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"api","namespace":"shop"}}""")!.AsObject());
    }

    public async ValueTask DisposeAsync()
    {
        await _kube.DisposeAsync();
        File.Delete(_ownToken);
    }

    [Fact]
    public async Task RequestAsync_PodWithoutToken_GetsAPodBoundTokenForTheAudience()
    {
        JsonObject pod = _kube.CreateObject(JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"},"spec":{"serviceAccountName":"api","containers":[{"name":"c","image":"i"}]}}""")!.AsObject());
        string uid = (string)pod["metadata"]!["uid"]!;
        using var requester = new ApiServerPodTokenRequester(_kube.Address, _ownToken, _kube.CaCertificatePem);

        string jwt = await requester.RequestAsync(Parameters("web", uid, "api"), Ct);

        using JsonDocument claims = JsonDocument.Parse(Base64Url(jwt.Split('.')[1]));
        Assert.Equal("system:serviceaccount:shop:api", claims.RootElement.GetProperty("sub").GetString());
        Assert.Contains("vault", claims.RootElement.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("web", claims.RootElement.GetProperty("kubernetes.io").GetProperty("pod").GetProperty("name").GetString());
        Assert.Contains(_kube.RequestLog, e => e.Method == "POST" && e.Path == "/api/v1/namespaces/shop/serviceaccounts/api/token");
    }

    [Fact]
    public async Task RequestAsync_UnknownServiceAccount_FailsNamingTheAccount()
    {
        using var requester = new ApiServerPodTokenRequester(_kube.Address, _ownToken, _kube.CaCertificatePem);

        var ex = await Assert.ThrowsAsync<MountInputException>(async () => await requester.RequestAsync(Parameters("web", "uid-1", "missing"), Ct));

        Assert.Contains("shop/missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromInCluster_OutsideACluster_IsNull() =>
        Assert.Null(ApiServerPodTokenRequester.FromInCluster(_ => null));

    private static MountParameters Parameters(string pod, string uid, string serviceAccount) => new()
    {
        RoleName = "app",
        AuthMountPath = "kubernetes",
        Audience = "vault",
        Objects = [],
        PodNamespace = "shop",
        PodName = pod,
        PodUid = uid,
        ServiceAccountName = serviceAccount,
        SecretProviderClass = "spc",
        DefaultMode = 420,
        TargetPath = "/var/lib/kubelet/pods/x/volumes/v",
    };

    private static string Base64Url(string part)
    {
        string padded = part.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }
}
