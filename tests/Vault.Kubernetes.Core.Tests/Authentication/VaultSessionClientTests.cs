// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Core.Tests.Http;

namespace Vault.Kubernetes.Core.Tests.Authentication;

/// <summary>The session behind a real <see cref="Vault.Kubernetes.Http.VaultClient"/> talking HTTP to a fake handler.</summary>
public sealed class VaultSessionClientTests
{
    private static string LoginJson(string token) => $$$"""
        {"request_id":"req-login","lease_id":"","renewable":false,"lease_duration":0,"data":null,"warnings":null,
         "auth":{"client_token":"{{{token}}}","accessor":"acc-{{{token}}}","policies":["app","default"],"token_policies":["app","default"],
                 "metadata":{"role":"app","service_account_name":"web","service_account_namespace":"shop","service_account_secret_name":"","service_account_uid":"1f7e"},
                 "lease_duration":3600,"renewable":true,"entity_id":"e-1","token_type":"service","orphan":true,"num_uses":0}}
        """;

    [Fact]
    public async Task Client_VaultRejectsTokenAsInvalid_SessionLogsInAgainAndRequestSucceeds()
    {
        const string FirstToken = "hvs.CAESIfirst-token-value";
        const string SecondToken = "hvs.CAESIsecond-token-value";
        string jwt = TestJwt.Projected();
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.OK, LoginJson(FirstToken))
            .Respond(HttpStatusCode.Forbidden, VaultJson.InvalidToken)
            .Respond(HttpStatusCode.OK, LoginJson(SecondToken))
            .Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        using var loggers = new CollectingLoggerFactory();
        var time = new FakeTimeProvider(SessionHarness.Start);
        using var raw = TestClients.Create(handler, timeProvider: time, loggerFactory: loggers);
        await using var session = new VaultSession(
            raw, new KubernetesAuthMethod("app", new StaticServiceAccountTokenSource(jwt)), loggerFactory: loggers, timeProvider: time, random: () => 0);

        var response = await session.Client.ReadAsync("database/creds/readonly", TestContext.Current.CancellationToken);

        Assert.NotNull(response);
        List<RecordedRequest> requests = handler.RequestList;
        Assert.Equal(4, requests.Count);
        Assert.Equal("/v1/auth/kubernetes/login", requests[0].PathAndQuery);
        Assert.Null(requests[0].Header("X-Vault-Token"));
        Assert.Contains(jwt, requests[0].Body, StringComparison.Ordinal);
        Assert.Equal(FirstToken, requests[1].Header("X-Vault-Token"));
        Assert.Equal("/v1/auth/kubernetes/login", requests[2].PathAndQuery);
        Assert.Equal(SecondToken, requests[3].Header("X-Vault-Token"));
        Assert.Equal(SessionHarness.Start.AddHours(1), session.CurrentTokenExpiresAt);

        string output = loggers.AllOutput();
        Assert.Contains("kubernetes", output, StringComparison.Ordinal);
        foreach (string secret in new[] { FirstToken, SecondToken, jwt, jwt.Split('.')[1] })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Client_LoginRefused_RequestFailsWithAuthenticationError()
    {
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.Forbidden, """{"errors":["namespace not authorized"]}""");
        var time = new FakeTimeProvider(SessionHarness.Start);
        using var raw = TestClients.Create(handler, timeProvider: time);
        await using var session = new VaultSession(
            raw, new KubernetesAuthMethod("app", new StaticServiceAccountTokenSource(TestJwt.Projected()), "k8s"), timeProvider: time, random: () => 0);

        VaultAuthenticationException error = await Assert.ThrowsAsync<VaultAuthenticationException>(
            () => session.Client.ReadAsync("secret/data/app", TestContext.Current.CancellationToken));

        Assert.Contains("role 'app' at auth mount 'k8s'", error.Message, StringComparison.Ordinal);
        Assert.Contains("namespace not authorized", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.RequestList);
    }
}
