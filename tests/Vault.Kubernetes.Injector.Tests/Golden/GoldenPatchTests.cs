// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Vault.Kubernetes.Injector.Admission;
using Vault.Kubernetes.Injector.Tests.TestSupport;

namespace Vault.Kubernetes.Injector.Tests.Golden;

/// <summary>
/// AdmissionReviews as the API server sends them for vault-k8s, and the webhook's whole answer, kept as files under Golden/cases:
/// <c>&lt;case&gt;.review.json</c> (what was sent) and <c>&lt;case&gt;.response.json</c> (the answer, with the JSON patch decoded so a
/// diff reads). Any change to a patch fails here until the files are regenerated on purpose: <c>UPDATE_GOLDEN=1 dotnet test</c>.
/// </summary>
public sealed class GoldenPatchTests
{
    private const string Uid = "705ab4f5-6393-11e8-b7cc-42010a800002";
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static TheoryData<string> Cases => [.. CaseReviews().Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Handle_Review_AnswersExactlyTheGoldenResponse(string name)
    {
        byte[] review = CaseReviews()[name];
        var handler = new AdmissionReviewHandler(new PodMutator(new InjectorOptions()), NullLogger<AdmissionReviewHandler>.Instance);

        (int status, string body) = handler.Handle(review);

        Assert.Equal(200, status);
        JsonObject actual = Readable(JsonNode.Parse(body)!.AsObject());
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            // Into the source tree (the test's own folder), not the output copy.
            string directory = Path.Combine(SourceDirectory(), "cases");
            string responsePath = Path.Combine(directory, name + ".response.json");
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, name + ".review.json"), JsonNode.Parse(review)!.ToJsonString(s_indented) + "\n");
            File.WriteAllText(responsePath, actual.ToJsonString(s_indented) + "\n");
            return;
        }

        // Read from the output folder (copied by the project): a CI build maps source paths, so the source folder is not known there.
        string goldenPath = Path.Combine(AppContext.BaseDirectory, "Golden", "cases", name + ".response.json");
        Assert.True(File.Exists(goldenPath), $"No golden file {goldenPath}: run UPDATE_GOLDEN=1 dotnet test once and review it.");
        JsonNode expected = JsonNode.Parse(File.ReadAllText(goldenPath))!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"The answer to {name} differs from Golden/cases/{name}.response.json:\n{actual.ToJsonString(s_indented)}");
    }

    /// <summary>Each case: a pod as vault-k8s users annotate it; names say what the webhook must do with it.</summary>
    private static Dictionary<string, byte[]> CaseReviews()
    {
        const string Template = "{{ with secret \"secret/data/app\" }}password={{ .Data.data.password }}{{ end }}";
        var withoutRole = Pods.Asking();
        withoutRole.Remove("vault.hashicorp.com/role");
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["plain"] = Review(Pods.Asking()),
            ["templates-and-perms"] = Review(Pods.Asking(("agent-inject-template-config", Template), ("agent-inject-perms-config", "0400"))),
            ["pre-populate-only"] = Review(Pods.Asking(("agent-pre-populate-only", "true"))),
            ["init-first"] = Review(Pods.Asking(("agent-init-first", "true")), initContainer: true),
            ["already-injected"] = Review(Pods.Asking(("agent-inject-status", "injected"))),
            ["not-asking"] = Review(null),
            ["bad-missing-role"] = Review(withoutRole),
            ["bad-memory-limit"] = Review(Pods.Asking(("agent-limits-mem", "huge"))),
            ["bad-cpu-request"] = Review(Pods.Asking(("agent-requests-cpu", "lots"))),
            ["bad-boolean"] = Review(Pods.Asking(("agent-pre-populate-only", "maybe"))),
            ["bad-template"] = Review(Pods.Asking(("agent-inject-template-config", "{{ .Data.data.password "))),
            ["bad-perms"] = Review(Pods.Asking(("agent-inject-perms-config", "rwx"))),
        };
    }

    private static byte[] Review(Dictionary<string, string>? annotations, bool initContainer = false) =>
        Pods.Review(Pods.Pod(annotations, initContainer), uid: Uid);

    /// <summary>The answer with its base64 patch replaced by the decoded JSON (under <c>patchDecoded</c>), so the golden file reads.</summary>
    private static JsonObject Readable(JsonObject answer)
    {
        if (answer["response"]?["patch"] is JsonValue patch)
        {
            JsonObject response = answer["response"]!.AsObject();
            response.Remove("patch");
            response["patchDecoded"] = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(patch.GetValue<string>())));
        }

        return answer;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
