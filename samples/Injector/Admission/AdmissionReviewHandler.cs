// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Injector.Diagnostics;

namespace Vault.Kubernetes.Injector.Admission;

/// <summary>Turns an <c>admission.k8s.io/v1</c> AdmissionReview into its answer; never throws on a malformed review.</summary>
internal sealed class AdmissionReviewHandler
{
    private readonly PodMutator _mutator;
    private readonly ILogger _logger;

    public AdmissionReviewHandler(PodMutator mutator, ILogger<AdmissionReviewHandler> logger)
    {
        _mutator = mutator;
        _logger = logger;
    }

    /// <summary>Answers one review.</summary>
    /// <param name="body">The request body.</param>
    /// <returns>The HTTP status and, for 200, the AdmissionReview answer (otherwise a plain-text error).</returns>
    public (int StatusCode, string Body) Handle(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return (400, "empty body");
        }

        JsonObject review;
        try
        {
            if (JsonNode.Parse(body.Span) is not JsonObject parsed)
            {
                return (400, "the body is not an AdmissionReview object");
            }

            review = parsed;
        }
        catch (JsonException ex)
        {
            _logger.ReviewUnreadable(ex.Message);
            return (400, "the body is not JSON: " + ex.Message);
        }

        if (review["request"] is not JsonObject request || Str(request["uid"]) is not { Length: > 0 } uid)
        {
            return (400, "the AdmissionReview has no request.uid");
        }

        // Echo the request's version (v1 or v1beta1 have the same shape for what we use).
        string apiVersion = Str(review["apiVersion"]) is "admission.k8s.io/v1beta1" ? "admission.k8s.io/v1beta1" : "admission.k8s.io/v1";
        string? ns = Str(request["namespace"]);
        string name = Str(request["name"]) ?? Str(Member(Member(request["object"], "metadata"), "generateName")) ?? "";
        MutationResult result;
        if (Str(Member(request["kind"], "kind")) is not "Pod" || request["object"] is not JsonObject pod)
        {
            result = MutationResult.Deny("the webhook only mutates pods: request.object must be a Pod");
        }
        else
        {
            try
            {
                result = _mutator.Mutate(pod, ns);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or ArgumentException)
            {
                // A pod whose fields have unexpected JSON types; refuse it rather than fail the call.
                result = MutationResult.Deny("the pod cannot be read: " + ex.Message);
            }
        }

        var response = new JsonObject { ["uid"] = uid, ["allowed"] = result.Allowed };
        if (result.Patch is { } patch)
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
            _logger.PodInjected(ns ?? "", name, uid);
        }
        else if (!result.Allowed)
        {
            response["status"] = new JsonObject { ["code"] = 400, ["message"] = result.Message };
            _logger.PodDenied(ns ?? "", name, uid, result.Message ?? "");
        }
        else if (result.Warnings.Count > 0)
        {
            response["warnings"] = new JsonArray([.. result.Warnings.Select(w => (JsonNode?)w)]);
            _logger.PodAllowedDespiteErrors(ns ?? "", name, uid, result.Message ?? "");
        }

        var answer = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "AdmissionReview", ["response"] = response };
        return (200, answer.ToJsonString());
    }

    // Member access that yields null instead of throwing when a field has an unexpected JSON type.
    private static JsonNode? Member(JsonNode? node, string name) => node is JsonObject obj ? obj[name] : null;

    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
