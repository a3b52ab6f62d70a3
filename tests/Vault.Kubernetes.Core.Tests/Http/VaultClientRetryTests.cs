// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class VaultClientRetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Read_TransientStatusThenSuccess_Retries(HttpStatusCode status)
    {
        var handler = new FakeVaultHandler()
            .Respond(status, """{"errors":["transient"]}""")
            .Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        VaultResponse? response = await client.ReadAsync("database/creds/readonly", Ct);

        Assert.Equal("req-db", response!.RequestId);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Read_AlwaysFailing_StopsAfterMaxRetriesAndThrowsLastStatus()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.ServiceUnavailable, """{"errors":["Vault is sealed"]}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Equal(503, ex.StatusCode);
        Assert.True(ex.ErrorsContain("sealed"));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Read_MaxRetriesZero_SingleAttempt()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.InternalServerError, VaultJson.EmptyErrors);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => o.MaxRetries = 0);

        await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Single(handler.RequestList);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotImplemented)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.MethodNotAllowed)]
    public async Task Read_NonRetryableStatus_NoRetry(HttpStatusCode status)
    {
        var handler = new FakeVaultHandler().Always(status, """{"errors":["nope"]}""");
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Equal((int)status, ex.StatusCode);
        Assert.Single(handler.RequestList);
    }

    [Fact]
    public async Task Write_ConnectionErrorThenSuccess_RetriesAndResendsBody()
    {
        var handler = new FakeVaultHandler()
            .Throw(new HttpRequestException("connection refused"))
            .Respond(HttpStatusCode.OK, VaultJson.DatabaseCreds);
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await client.WriteAsync("pki/issue/web", new Dictionary<string, string> { ["common_name"] = "a.example.com" }, Ct);

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.RequestList, r => Assert.Equal("""{"common_name":"a.example.com"}""", r.Body));
    }

    [Fact]
    public async Task Read_ConnectionErrorsExhausted_ThrowsVaultExceptionWithStatusZero()
    {
        var handler = new FakeVaultHandler()
            .Throw(new HttpRequestException("refused 1"))
            .Throw(new HttpRequestException("refused 2"))
            .Throw(new HttpRequestException("refused 3"));
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Equal(0, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Contains("connection", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Read_TlsFailure_NotRetried()
    {
        var handler = new FakeVaultHandler()
            .Throw(new HttpRequestException("ssl", new System.Security.Authentication.AuthenticationException("untrusted root")));
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct));

        Assert.Single(handler.RequestList);
    }

    [Fact]
    public async Task Read_429WithRetryAfter_WaitsThatLongOnTheTimeProvider()
    {
        var time = new ObservableTimeProvider();
        var secondRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.TooManyRequests, """{"errors":["request path \"secret/data/app\": rate limit quota exceeded"]}""",
                r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)))
            .Respond(HttpStatusCode.OK, VaultJson.KvV2());
        handler.RequestReceived += count => (count == 1 ? firstRequest : secondRequest).TrySetResult();
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => o.RetryDelay = TimeSpan.FromMilliseconds(100), time);

        Task<VaultResponse?> pending = client.ReadAsync("secret/data/app", Ct);
        await firstRequest.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(7), Ct);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(secondRequest.Task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await secondRequest.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.NotNull(await pending.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Read_BackoffWithoutRetryAfter_UsesConfiguredDelay()
    {
        var time = new ObservableTimeProvider();
        var secondRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeVaultHandler()
            .Respond(HttpStatusCode.BadGateway, VaultJson.EmptyErrors)
            .Respond(HttpStatusCode.OK, VaultJson.KvV2());
        handler.RequestReceived += count => (count == 1 ? firstRequest : secondRequest).TrySetResult();
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => { o.RetryDelay = TimeSpan.FromSeconds(30); o.Timeout = Timeout.InfiniteTimeSpan; }, time);

        Task<VaultResponse?> pending = client.ReadAsync("secret/data/app", Ct);
        await firstRequest.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        // Exponential backoff with jitter around 30 s (the randomizer is fixed at 0.5 in tests).
        await time.WaitForTimerAsync(d => d >= TimeSpan.FromSeconds(15) && d <= TimeSpan.FromSeconds(45), "about 30 s", Ct);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(secondRequest.Task.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(2));
        await secondRequest.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.NotNull(await pending.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Read_AttemptTimesOut_RetriesThenThrowsTimeout()
    {
        var time = new ObservableTimeProvider();
        var started = new SemaphoreSlim(0);
        var handler = new FakeVaultHandler();
        for (int i = 0; i < 2; i++)
        {
            handler.Respond(async (_, ct) =>
            {
                started.Release();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                throw new InvalidOperationException("unreachable");
            });
        }

        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), o => { o.Timeout = TimeSpan.FromSeconds(10); o.MaxRetries = 1; }, time);

        Task<VaultResponse?> pending = client.ReadAsync("secret/data/app", Ct);
        for (int i = 0; i < 2; i++)
        {
            Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            await time.WaitForTimerAsync(TimeSpan.FromSeconds(10), Ct);
            time.Advance(TimeSpan.FromSeconds(10));
        }

        var ex = await Assert.ThrowsAsync<VaultException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(0, ex.StatusCode);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Read_CallerCancels_ThrowsOperationCanceledWithoutRetry()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeVaultHandler().Respond(async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        });
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        Task<VaultResponse?> pending = client.ReadAsync("secret/data/app", cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Single(handler.RequestList);
    }

    [Fact]
    public async Task Read_AlreadyCanceled_SendsNothing()
    {
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReadAsync("secret/data/app", new CancellationToken(canceled: true)));

        Assert.Empty(handler.RequestList);
    }
}
