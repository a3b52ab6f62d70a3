// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>TokenRequest (<c>serviceaccounts/{name}/token</c>) and TokenReview, signed and checked with the shared issuer.</summary>
internal sealed partial class KubeApiCore
{
    private const long MinTokenSeconds = 600;
    private const long MaxTokenSeconds = 1L << 32;

    /// <summary>Mints a token for an existing service account, as <c>POST .../serviceaccounts/{name}/token</c> does.</summary>
    public JsonObject RequestToken(string ns, string serviceAccount, JsonObject spec, DateTimeOffset now)
    {
        StoredObject account = Require(FindBuiltIn("serviceaccounts"), ns, serviceAccount);
        List<string> audiences = (spec["audiences"] as JsonArray ?? []).Select(a => (string?)a).OfType<string>().ToList();
        long seconds = JsonNumbers.Long(spec["expirationSeconds"]) ?? 3600;
        if (seconds < MinTokenSeconds)
        {
            throw KubeApiException.Invalid("TokenRequest", "authentication.k8s.io", serviceAccount, [FieldError.InvalidValue("spec.expirationSeconds", $"{seconds}: may not specify a duration less than 10 minutes")]);
        }

        if (seconds > MaxTokenSeconds)
        {
            throw KubeApiException.Invalid("TokenRequest", "authentication.k8s.io", serviceAccount, [FieldError.InvalidValue("spec.expirationSeconds", $"{seconds}: may not specify a duration larger than 2^32 seconds")]);
        }

        string? podName = null;
        string? podUid = null;
        if (spec["boundObjectRef"] is JsonObject bound)
        {
            string kind = (string?)bound["kind"] ?? string.Empty;
            if (kind != "Pod")
            {
                throw KubeApiException.BadRequest($"cannot bind token for serviceaccount \"{serviceAccount}\" to object of kind \"{kind}\" (this dev server binds to Pods only)");
            }

            string name = (string?)bound["name"] ?? string.Empty;
            StoredObject pod = Require(FindBuiltIn("pods"), ns, name);
            if ((string?)bound["uid"] is { Length: > 0 } uid && uid != pod.Uid)
            {
                throw KubeApiException.Conflict(FindBuiltIn("pods"), name, $"the UID in the bound object reference ({uid}) does not match the UID in record. The object might have been deleted and then recreated");
            }

            if ((string?)pod.Node["spec"]?["serviceAccountName"] != serviceAccount)
            {
                throw KubeApiException.BadRequest($"cannot bind token for serviceaccount \"{serviceAccount}\" to pod running with different serviceaccount name.");
            }

            (podName, podUid) = (name, pod.Uid);
        }

        Issuer.RegisterServiceAccount(ns, serviceAccount, account.Uid);
        string token = Issuer.IssueToken(new ServiceAccountTokenRequest(ns, serviceAccount)
        {
            Audiences = audiences.Count == 0 ? null : audiences,
            Lifetime = TimeSpan.FromSeconds(seconds),
            PodName = podName,
            PodUid = podUid,
        });
        var echoed = (JsonObject)spec.DeepClone();
        echoed["audiences"] = Strings(audiences.Count == 0 ? [Issuer.Issuer] : audiences);
        echoed["expirationSeconds"] = seconds;
        echoed["boundObjectRef"] ??= null;
        return new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = serviceAccount, ["namespace"] = ns, ["creationTimestamp"] = KubeTime.Format(now) },
            ["spec"] = echoed,
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = KubeTime.Format(now.AddSeconds(seconds)) },
        };
    }

    /// <summary>Reviews a token as the API server's service-account authenticator does. The caller holds the store lock.</summary>
    /// <param name="token">The bearer token.</param>
    /// <param name="audiences">The audiences asked for, or <see langword="null"/> for the API server's own (the issuer).</param>
    public TokenReviewResult ReviewToken(string token, IReadOnlyList<string>? audiences)
    {
        IReadOnlyList<string> wanted = audiences is { Count: > 0 } ? audiences : [Issuer.Issuer];
        if (!JsonWebToken.TryParse(token, out JsonWebToken? jwt) || !Issuer.Signed(jwt))
        {
            return Denied("invalid bearer token");
        }

        long now = Clock.GetUtcNow().ToUnixTimeSeconds();
        if (jwt.ExpiresAt is { } exp && exp <= now)
        {
            return Denied("invalid bearer token, service account token has expired");
        }

        if (jwt.NotBefore is { } nbf && nbf > now)
        {
            return Denied("invalid bearer token, service account token is not valid yet");
        }

        var matched = jwt.Audiences.Where(wanted.Contains).ToList();
        if (matched.Count == 0)
        {
            return Denied($"[invalid bearer token, token audiences [{string.Join(" ", jwt.Audiences)}] is invalid for the target audiences [{string.Join(" ", wanted)}]]");
        }

        string ns = jwt.Namespace ?? string.Empty;
        string name = jwt.ServiceAccountName ?? string.Empty;
        StoredObject? account = ns.Length == 0 || name.Length == 0 ? null : Store.Get(FindBuiltIn("serviceaccounts"), ns, name);
        if (account is null || account.Uid != jwt.ServiceAccountUid || account.Metadata["deletionTimestamp"] is not null)
        {
            return Denied($"invalid bearer token, service account {ns}/{name} has been deleted or recreated");
        }

        var extra = new JsonObject();
        if (jwt.PodName is { } podName)
        {
            string? podUid = (string?)jwt.Claims["kubernetes.io"]?["pod"]?["uid"];
            if (Store.Get(FindBuiltIn("pods"), ns, podName) is not { } pod || pod.Uid != podUid)
            {
                return Denied($"invalid bearer token, pod {ns}/{podName} has been deleted or recreated");
            }

            extra["authentication.kubernetes.io/pod-name"] = new JsonArray(podName);
            extra["authentication.kubernetes.io/pod-uid"] = new JsonArray(podUid);
        }

        if ((string?)jwt.Claims["jti"] is { } jti)
        {
            extra["authentication.kubernetes.io/credential-id"] = new JsonArray("JTI=" + jti);
        }

        var status = new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = new JsonObject
            {
                ["username"] = $"system:serviceaccount:{ns}:{name}",
                ["uid"] = account.Uid,
                ["groups"] = new JsonArray("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"),
                ["extra"] = extra,
            },
            ["audiences"] = Strings(matched),
        };
        return new TokenReviewResult(true, status);
    }

    private static TokenReviewResult Denied(string error) =>
        new(false, new JsonObject { ["user"] = new JsonObject(), ["error"] = error });

    private ApiResult TokenRequest(ApiRequest request)
    {
        JsonObject body = Body(request);
        JsonObject spec = body["spec"] as JsonObject ?? [];
        return ApiResult.Json(201, RequestToken(request.Namespace!, request.Name!, spec, request.Now));
    }

    private ApiResult TokenReview(ApiRequest request)
    {
        JsonObject body = Body(request);
        string token = (string?)body["spec"]?["token"] ?? string.Empty;
        List<string> audiences = (body["spec"]?["audiences"] as JsonArray ?? []).Select(a => (string?)a).OfType<string>().ToList();
        TokenReviewResult review = ReviewToken(token, audiences);
        var spec = new JsonObject { ["token"] = token };
        if (audiences.Count > 0)
        {
            spec["audiences"] = Strings(audiences);
        }

        return ApiResult.Json(201, new JsonObject
        {
            ["kind"] = "TokenReview",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec,
            ["status"] = review.Status,
        });
    }
}
