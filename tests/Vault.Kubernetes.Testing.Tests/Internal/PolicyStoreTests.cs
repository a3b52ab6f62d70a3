// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Tests.Internal;

public sealed class PolicyStoreTests
{
    [Fact]
    public void Evaluate_MostSpecificRuleWins()
    {
        var store = new PolicyStore();
        store.Set("p", """
            path "secret/*" { capabilities = ["read", "list"] }
            path "secret/data/admin" { capabilities = ["update"] }
            """);

        Assert.Equal(Capabilities.Read | Capabilities.List, store.Evaluate(["p"], "secret/data/app"));
        Assert.Equal(Capabilities.Update, store.Evaluate(["p"], "secret/data/admin"));
        Assert.Equal(Capabilities.None, store.Evaluate(["p"], "kv/x"));
    }

    [Fact]
    public void Evaluate_SamePatternInTwoPolicies_UnionsCapabilities()
    {
        var store = new PolicyStore();
        store.Set("a", """path "kv/x" { capabilities = ["read"] }""");
        store.Set("b", """path "kv/x" { capabilities = ["update"] }""");

        Assert.Equal(Capabilities.Read | Capabilities.Update, store.Evaluate(["a", "b"], "kv/x"));
    }

    [Fact]
    public void Evaluate_Root_GrantsEverything() =>
        Assert.Equal(Capabilities.All, new PolicyStore().Evaluate(["root"], "anything/at/all"));

    [Fact]
    public void Evaluate_DefaultPolicy_GrantsSelfServiceOnly()
    {
        var store = new PolicyStore();

        Assert.Equal(Capabilities.Read, store.Evaluate(["default"], "auth/token/lookup-self"));
        Assert.Equal(Capabilities.Update, store.Evaluate(["default"], "auth/token/renew-self"));
        Assert.Equal(Capabilities.Update, store.Evaluate(["default"], "sys/leases/renew"));
        Assert.Equal(Capabilities.None, store.Evaluate(["default"], "sys/leases/revoke"));
    }

    [Fact]
    public void Parse_JsonAndLegacyForms()
    {
        var store = new PolicyStore();
        store.Set("json", """{"path":{"kv/*":{"capabilities":["read","list"]}}}""");
        store.Set("legacy", """path "kv/*" { policy = "write" }""");

        Assert.Equal(Capabilities.Read | Capabilities.List, store.Evaluate(["json"], "kv/a"));
        Assert.True(store.Evaluate(["legacy"], "kv/a").HasFlag(Capabilities.Create));
    }

    [Fact]
    public void Delete_BuiltIns_IsRefused()
    {
        var store = new PolicyStore();

        Assert.NotNull(store.Delete("default"));
        Assert.NotNull(store.Delete("root"));
        Assert.Throws<InvalidOperationException>(() => store.Set("root", """path "x" { capabilities = ["read"] }"""));
    }
}
