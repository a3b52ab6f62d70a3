// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>A finished answer: status code and JSON body bytes.</summary>
internal sealed record ApiResult(int StatusCode, byte[] Body)
{
    /// <summary>Gets the media type of the body (discovery answers with a parameterised one).</summary>
    public string ContentType { get; init; } = "application/json";

    public static ApiResult Json(int statusCode, JsonNode body) => new(statusCode, Encoding.UTF8.GetBytes(KubeJson.Write(body)));

    public static ApiResult Of(int statusCode, StoredObject stored) => new(statusCode, stored.Json);

    public static ApiResult Status(KubeApiException error)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
        };
        if (error.Details is not null)
        {
            status["details"] = error.Details.DeepClone();
        }

        status["code"] = error.Code;
        return Json(error.Code, status);
    }
}
