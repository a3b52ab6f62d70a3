// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Vault.Kubernetes.Injector.Admission;
using Vault.Kubernetes.Injector.Tests.TestSupport;

namespace Vault.Kubernetes.Injector.Tests.Admission;

public sealed class AdmissionReviewHandlerTests
{
    private static AdmissionReviewHandler Handler(InjectorFailureMode mode = InjectorFailureMode.Deny) =>
        new(new PodMutator(new InjectorOptions { FailureMode = mode }), NullLogger<AdmissionReviewHandler>.Instance);

    [Fact]
    public void Handle_AskingPod_AnswersJsonPatchWithTheRequestUid()
    {
        (int status, string body) = Handler().Handle(Pods.Review(Pods.Pod(Pods.Asking()), uid: "uid-1"));

        Assert.Equal(200, status);
        JsonNode answer = JsonNode.Parse(body)!;
        Assert.Equal("admission.k8s.io/v1", (string?)answer["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)answer["kind"]);
        Assert.Equal("uid-1", (string?)answer["response"]!["uid"]);
        Assert.True((bool)answer["response"]!["allowed"]!);
        Assert.Equal("JSONPatch", (string?)answer["response"]!["patchType"]);
        var patch = (JsonArray)JsonNode.Parse(Convert.FromBase64String((string)answer["response"]!["patch"]!))!;
        Assert.Contains(patch, op => (string?)op!["path"] == "/spec/initContainers");
    }

    [Fact]
    public void Handle_NotAsking_AllowedWithoutPatch()
    {
        JsonNode answer = JsonNode.Parse(Handler().Handle(Pods.Review(Pods.Pod())).Body)!;

        Assert.True((bool)answer["response"]!["allowed"]!);
        Assert.Null(answer["response"]!["patch"]);
    }

    [Fact]
    public void Handle_BadAnnotation_DeniedWithMessage()
    {
        JsonNode answer = JsonNode.Parse(Handler().Handle(Pods.Review(Pods.Pod(Pods.Asking(("agent-limits-mem", "huge"))))).Body)!;

        Assert.False((bool)answer["response"]!["allowed"]!);
        Assert.Contains("vault.hashicorp.com/agent-limits-mem", (string?)answer["response"]!["status"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_BadAnnotationAllowMode_AllowedWithWarnings()
    {
        JsonNode answer = JsonNode.Parse(Handler(InjectorFailureMode.Allow).Handle(Pods.Review(Pods.Pod(Pods.Asking(("agent-limits-mem", "huge"))))).Body)!;

        Assert.True((bool)answer["response"]!["allowed"]!);
        Assert.Null(answer["response"]!["patch"]);
        Assert.Single(answer["response"]!["warnings"]!.AsArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"request\":null}")]
    [InlineData("{\"request\":{\"uid\":42}}")]
    [InlineData("{\"request\":{}}")]
    public void Handle_UnreadableReview_Answers400(string body)
    {
        Assert.Equal(400, Handler().Handle(Encoding.UTF8.GetBytes(body)).StatusCode);
    }

    [Theory]
    [InlineData("{\"request\":{\"uid\":\"u\",\"namespace\":\"shop\"}}")]
    [InlineData("{\"request\":{\"uid\":\"u\",\"namespace\":\"shop\",\"kind\":{\"kind\":\"Pod\"},\"object\":[1]}}")]
    [InlineData("{\"request\":{\"uid\":\"u\",\"namespace\":\"shop\",\"kind\":{\"kind\":\"Pod\"},\"object\":{\"metadata\":{\"annotations\":{\"vault.hashicorp.com/agent-inject\":\"true\",\"vault.hashicorp.com/role\":\"r\"}},\"spec\":{\"containers\":\"no\"}}}}")]
    [InlineData("{\"request\":{\"uid\":\"u\",\"namespace\":\"shop\",\"kind\":{\"kind\":\"Pod\"},\"object\":{\"metadata\":{\"annotations\":{\"vault.hashicorp.com/agent-inject\":\"true\",\"vault.hashicorp.com/role\":\"r\"}},\"spec\":{\"volumes\":5,\"containers\":[{\"name\":3,\"volumeMounts\":[{\"name\":\"sa\",\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}]}]}}}}")]
    [InlineData("{\"request\":{\"uid\":\"u\",\"namespace\":\"shop\",\"kind\":{\"kind\":\"Pod\"},\"object\":{\"metadata\":{\"annotations\":[\"x\"]},\"spec\":null}}}")]
    [InlineData("{\"request\":{\"uid\":\"u\",\"namespace\":7,\"kind\":{\"kind\":\"Pod\"},\"object\":{\"metadata\":{\"annotations\":{\"vault.hashicorp.com/agent-inject\":true}}}}}")]
    public void Handle_MalformedPod_AnswersWithoutThrowing(string body)
    {
        (int status, string answer) = Handler().Handle(Encoding.UTF8.GetBytes(body));

        Assert.Equal(200, status);
        Assert.Equal("u", (string?)JsonNode.Parse(answer)!["response"]!["uid"]);
    }

    [Fact]
    public void Handle_TruncatedReviews_NeverThrow()
    {
        byte[] review = Pods.Review(Pods.Pod(Pods.Asking()));
        for (int length = 0; length < review.Length; length += 7)
        {
            (int status, _) = Handler().Handle(review.AsMemory(0, length));
            Assert.Equal(400, status);
        }
    }
}
