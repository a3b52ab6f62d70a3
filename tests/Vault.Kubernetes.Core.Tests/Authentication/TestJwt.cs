// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Buffers.Text;
using System.Text;

namespace Vault.Kubernetes.Core.Tests.Authentication;

/// <summary>Builds unsigned, projected-style service-account JWTs for tests.</summary>
internal static class TestJwt
{
    public const long IssuedAtSeconds = 1_767_225_600; // 2026-01-01T00:00:00Z

    public static string Create(string payloadJson)
        => $"{Encode("{\"alg\":\"RS256\",\"kid\":\"test\"}")}.{Encode(payloadJson)}.{Encode("signature-" + Guid.NewGuid())}";

    public static string Projected(string ns = "shop", string serviceAccount = "web", string pod = "web-6d9f-abcde", string jti = "1", long issuedAt = IssuedAtSeconds)
        => Create($$"""
            {
              "aud": ["https://kubernetes.default.svc.cluster.local", "vault"],
              "exp": {{issuedAt + 3607}}, "iat": {{issuedAt}}, "nbf": {{issuedAt}},
              "iss": "https://kubernetes.default.svc.cluster.local",
              "jti": "{{jti}}",
              "sub": "system:serviceaccount:{{ns}}:{{serviceAccount}}",
              "kubernetes.io": {
                "namespace": "{{ns}}",
                "serviceaccount": {"name": "{{serviceAccount}}", "uid": "1f7e-sa"},
                "pod": {"name": "{{pod}}", "uid": "9a2b-pod"},
                "node": {"name": "worker-3", "uid": "77cd-node"}
              }
            }
            """);

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
