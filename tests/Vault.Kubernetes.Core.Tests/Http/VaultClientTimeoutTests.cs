// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>Which timer bounds an attempt: the HttpClient's own, or (only when it is stricter) one of ours on the TimeProvider.</summary>
public sealed class VaultClientTimeoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SuppliedClient_NoTimeoutOption_ArmsNoTimerOfItsOwn()
    {
        var time = new ObservableTimeProvider();
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        using VaultClient client = TestClients.Create(handler, new FakeTokenProvider("hvs.t"), timeProvider: time);

        await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);
        await client.ReadKvV2Async("secret", "app", cancellationToken: Ct);

        // The supplied HttpClient's own Timeout already bounds each attempt; a second timer per request was pure cost.
        Assert.Empty(time.DueTimes);
    }

    [Fact]
    public async Task SuppliedClient_TimeoutOptionLongerThanClients_ArmsNoTimer()
    {
        var time = new ObservableTimeProvider();
        var handler = new FakeVaultHandler().Always(HttpStatusCode.OK, VaultJson.KvV2());
        var options = new VaultClientOptions { Address = new Uri(TestClients.Address), Timeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var client = new VaultClient(options, http, timeProvider: time);

        await client.WithTokenProvider(new FakeTokenProvider("hvs.t")).ReadKvV2Async("secret", "app", cancellationToken: Ct);

        Assert.Empty(time.DueTimes);
    }

    [Fact]
    public async Task SuppliedClient_ItsTimeoutElapses_RetriedThenReportedAsTimeout()
    {
        var handler = new FakeVaultHandler();
        for (int i = 0; i < 2; i++)
        {
            handler.Respond(async (_, ct) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                throw new InvalidOperationException("unreachable");
            });
        }

        var options = new VaultClientOptions { Address = new Uri(TestClients.Address), RetryDelay = TimeSpan.Zero, MaxRetries = 1 };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(100) };
        using VaultClient client = new VaultClient(options, http).WithTokenProvider(new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.Equal(0, ex.StatusCode);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task OwnClient_TimeoutOption_BoundsAnAttemptOnAServerThatNeverAnswers()
    {
        // A server that accepts connections and reads requests but never answers.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<TcpClient>();
        Task accepting = Task.Run(
            async () =>
            {
                while (!Ct.IsCancellationRequested)
                {
                    held.Add(await listener.AcceptTcpClientAsync(Ct));
                }
            },
            Ct);
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = new VaultClientOptions { Address = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMilliseconds(200), MaxRetries = 0 };
        using VaultClient client = new VaultClient(options).WithTokenProvider(new FakeTokenProvider("hvs.t"));

        var ex = await Assert.ThrowsAsync<VaultException>(() => client.ReadAsync("secret/data/app", Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.Equal(0, ex.StatusCode);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        listener.Stop();
        held.ForEach(c => c.Dispose());
        await Assert.ThrowsAnyAsync<Exception>(() => accepting);
    }

    [Fact]
    public async Task ResponseBodyStalls_ReportedAsTimeoutAfterTheAttemptTimeout()
    {
        var time = new ObservableTimeProvider();
        var handler = new FakeVaultHandler().Respond((request, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StreamContent(new PooledResponseBodyTests.StallingStream("{\"data\":{\"password\":\"hunter2"u8.ToArray())),
        }));
        // The supplied client's own timeout is the attempt timeout here, so the body timer is the only one on the clock.
        var options = new VaultClientOptions { Address = new Uri(TestClients.Address), MaxRetries = 0 };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        using VaultClient client = new VaultClient(options, http, timeProvider: time).WithTokenProvider(new FakeTokenProvider("hvs.t"));

        Task<VaultResponse?> pending = client.ReadAsync("secret/data/app", Ct);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(20), Ct);
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<VaultException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(0, ex.StatusCode);
        Assert.Contains("did not arrive in time", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(30 * 24 * 3600)]
    public void Timeout_ZeroNegativeOrBeyondHttpClientRange_Refused(int seconds)
    {
        var options = new VaultClientOptions { Address = new Uri(TestClients.Address), Timeout = TimeSpan.FromSeconds(seconds) };

        var ex = Assert.Throws<OptionsValidationException>(() => new VaultClient(options));

        Assert.Contains("Timeout", ex.Message, StringComparison.Ordinal);
    }
}
