// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.KubernetesApi;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>The patch algorithms on their own: strategic merge (with kubectl's directives), JSON patch and merge patch.</summary>
public sealed class PatchTests
{
    private static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Fact]
    public void StrategicMerge_KeyedListsAndDirectives_MergeAsKubectlExpects()
    {
        JsonObject live = Obj("""
            {"metadata":{"finalizers":["a"],"labels":{"x":"1","y":"2"}},
             "spec":{"containers":[{"name":"app","image":"v1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},{"name":"side","image":"s"}],
                     "args":["one","two"]}}
            """);
        JsonObject patch = Obj("""
            {"metadata":{"finalizers":["b"],"labels":{"y":null},"$deleteFromPrimitiveList/finalizers":["a"]},
             "spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"side"}],
                     "containers":[{"name":"app","image":"v2","env":[{"name":"B","$patch":"delete"},{"name":"C","value":"3"}]},{"name":"side","$patch":"delete"}],
                     "args":["three"]}}
            """);

        JsonObject result = StrategicMergePatch.Apply(live, patch);

        Assert.True(JsonNode.DeepEquals(Obj("""
            {"metadata":{"finalizers":["b"],"labels":{"x":"1"}},
             "spec":{"containers":[{"name":"app","image":"v2","env":[{"name":"A","value":"1"},{"name":"C","value":"3"}]}],"args":["three"]}}
            """), result), result.ToJsonString());
        Assert.Equal("v1", (string?)live["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public void StrategicMerge_ReplaceAndRetainKeys_DropUnlistedFields()
    {
        JsonObject live = Obj("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},"selector":{"a":"1"}}}""");
        JsonObject patch = Obj("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"selector":{"$patch":"replace","b":"2"}}}""");

        JsonObject result = StrategicMergePatch.Apply(live, patch);

        Assert.True(JsonNode.DeepEquals(Obj("""{"spec":{"strategy":{"type":"Recreate"},"selector":{"b":"2"}}}"""), result), result.ToJsonString());
    }

    [Fact]
    public void JsonPatch_Operations_ApplyInOrderAndFailedTestIsInvalid()
    {
        JsonObject doc = Obj("""{"metadata":{"labels":{"a/b":"1"}},"items":[1,2]}""");
        JsonNode patch = JsonNode.Parse("""
            [{"op":"add","path":"/items/-","value":3},{"op":"remove","path":"/metadata/labels/a~1b"},
             {"op":"copy","from":"/items/0","path":"/first"},{"op":"move","from":"/first","path":"/moved"},
             {"op":"replace","path":"/items/1","value":20},{"op":"test","path":"/moved","value":1}]
            """)!;

        JsonObject result = JsonPatch.Apply(doc, patch);

        Assert.True(JsonNode.DeepEquals(Obj("""{"metadata":{"labels":{}},"items":[1,20,3],"moved":1}"""), result), result.ToJsonString());
        var failed = Assert.Throws<KubeApiException>(() => JsonPatch.Apply(doc, JsonNode.Parse("""[{"op":"test","path":"/items/0","value":9}]""")!));
        Assert.Equal(422, failed.Code);
    }

    [Fact]
    public void MergePatch_NullDeletesAndListsReplace()
    {
        JsonNode? result = MergePatch.Apply(Obj("""{"a":{"b":1,"c":2},"l":[1,2]}"""), Obj("""{"a":{"b":null,"d":3},"l":[9]}"""));
        Assert.True(JsonNode.DeepEquals(Obj("""{"a":{"c":2,"d":3},"l":[9]}"""), result));
    }

    [Fact]
    public void StructuralSchema_Prune_KeepsDeclaredMapValuesAndPreservedFields()
    {
        JsonObject schema = Obj("""
            {"type":"object","properties":{
              "spec":{"type":"object","properties":{"labels":{"type":"object","additionalProperties":{"type":"string"}},
                                                   "items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}}}},
              "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"inner":{"type":"object"}}}}}
            """);
        JsonObject obj = Obj("""
            {"apiVersion":"x/v1","kind":"X","metadata":{"name":"a","extra":1},"top":1,
             "spec":{"labels":{"any":"v"},"items":[{"name":"n","junk":2}],"gone":true},
             "status":{"free":1,"inner":{"dropped":1}}}
            """);

        IReadOnlyList<string> pruned = StructuralSchema.Prune(obj, schema);

        Assert.Equal(["top", "spec.items[0].junk", "spec.gone", "status.inner.dropped"], pruned);
        Assert.True(JsonNode.DeepEquals(Obj("""
            {"apiVersion":"x/v1","kind":"X","metadata":{"name":"a","extra":1},
             "spec":{"labels":{"any":"v"},"items":[{"name":"n"}]},"status":{"free":1,"inner":{}}}
            """), obj), obj.ToJsonString());
    }

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web,tier!=db", true)]
    [InlineData("tier in (web,api),!canary", true)]
    [InlineData("tier notin (web)", false)]
    [InlineData("missing", false)]
    [InlineData("!missing,app", true)]
    public void LabelSelector_Forms_MatchAsKubernetesDoes(string selector, bool expected)
    {
        JsonObject obj = Obj("""{"metadata":{"labels":{"app":"web","tier":"web"}}}""");
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(obj));
    }

    [Fact]
    public void FieldSelector_UnsupportedField_IsBadRequest()
    {
        var secrets = new ResourceCatalog().Find(string.Empty, "v1", "secrets")!;
        Assert.True(FieldSelector.Parse("metadata.name=a,type!=x", secrets).Matches(Obj("""{"metadata":{"name":"a"},"type":"Opaque"}""")));
        Assert.Equal(400, Assert.Throws<KubeApiException>(() => FieldSelector.Parse("spec.nodeName=n", secrets)).Code);
    }
}
