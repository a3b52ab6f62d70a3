// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Security.Authentication;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Vault.Kubernetes.Http;

/// <summary>The shared machinery behind every <see cref="VaultClient"/> of one configuration: HttpClient, resilience pipeline, headers, telemetry.</summary>
internal sealed class VaultTransport : IDisposable
{
    internal const string TokenHeader = "X-Vault-Token";
    internal const string NamespaceHeader = "X-Vault-Namespace";
    internal const string WrapTtlHeader = "X-Vault-Wrap-TTL";
    internal const string RequestHeader = "X-Vault-Request";

    private static readonly Counter<long> s_requests = CoreTelemetry.s_meter.CreateCounter<long>(
        "vault.client.requests", unit: "{request}", description: "Vault HTTP requests made by VaultClient, by operation and status.");

    private static readonly Histogram<double> s_duration = CoreTelemetry.s_meter.CreateHistogram<double>(
        "vault.client.request.duration", unit: "s", description: "Duration of Vault HTTP requests including retries, by operation and status.");

    private static readonly MediaTypeHeaderValue s_jsonContentType = new("application/json");
    private static readonly ResiliencePropertyKey<Uri> s_uriKey = new("Vault.Uri");
    private static readonly Func<ReadOnlyMemory<byte>, EnvelopeWire?> s_parseEnvelope = EnvelopeParser.Parse;

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    // Null when there is nothing for Polly to do (no retries, no attempt timeout of our own).
    private readonly ResiliencePipeline<HttpResponseMessage>? _pipeline;
    private readonly ResiliencePipeline<HttpResponseMessage>? _pipelineNoStatusRetry;

    // True when the pipeline arms an attempt timeout of its own; then every attempt runs inside it. Otherwise the
    // HttpClient's timeout bounds each attempt and the first attempt is sent directly, entering Polly only to retry.
    private readonly bool _pipelineTimesAttempts;

    // Bounds the response body, which HttpClient's timeout (over by the time the headers arrive) does not cover.
    private readonly TimeSpan _bodyTimeout;
    private readonly ILogger _logger;
    private readonly string _apiBase;
    private readonly string? _namespace;
    private readonly KeyValuePair<string, string>[] _headers;
    private int _disposed;

    public VaultTransport(
        VaultClientOptions options,
        HttpClient? httpClient,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        Func<string, string?> getEnvironmentVariable,
        Func<double>? randomizer)
    {
        ArgumentNullException.ThrowIfNull(options);
        VaultClientOptionsValidator.ThrowIfInvalid(options);

        _logger = loggerFactory?.CreateLogger("Vault.Kubernetes.Http.VaultClient") ?? NullLogger.Instance;
        TimeProvider = timeProvider ?? TimeProvider.System;
        VaultConnectionSettings settings = VaultConnectionSettings.Resolve(options, getEnvironmentVariable);
        Address = settings.Address;
        _namespace = settings.Namespace;
        _headers = [.. options.Headers];
        _apiBase = settings.Address.AbsoluteUri.TrimEnd('/') + "/v1/";

        if (httpClient is null)
        {
            if (settings.SkipTlsVerify)
            {
                _logger.VaultTlsVerificationDisabled(Address);
            }

            // Our own client times each attempt itself: HttpClient arms a timer per request anyway, a second one
            // from Polly would only cost time.
            _httpClient = new HttpClient(VaultHttpHandlerFactory.Create(settings), disposeHandler: true)
            {
                Timeout = options.Timeout ?? VaultClientDefaults.Timeout,
            };
            _ownsHttpClient = true;
            _bodyTimeout = _httpClient.Timeout;
        }
        else
        {
            _httpClient = httpClient;

            // A supplied client keeps its own timeout; ours only adds a bound when it is the stricter one.
            _pipelineTimesAttempts = options.Timeout is { } attempt && attempt != Timeout.InfiniteTimeSpan
                && (httpClient.Timeout == Timeout.InfiniteTimeSpan || attempt < httpClient.Timeout);
            _bodyTimeout = _pipelineTimesAttempts ? options.Timeout!.Value : httpClient.Timeout;
        }

        if (options.MaxRetries > 0 || _pipelineTimesAttempts)
        {
            TimeSpan? attemptTimeout = _pipelineTimesAttempts ? options.Timeout : null;
            _pipeline = BuildPipeline(options, attemptTimeout, retryOnStatus: true, TimeProvider, randomizer, _logger);
            _pipelineNoStatusRetry = BuildPipeline(options, attemptTimeout, retryOnStatus: false, TimeProvider, randomizer, _logger);
        }
    }

    public Uri Address { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger => _logger;

    public string? Namespace => _namespace;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>Sends an envelope request and interprets the answer (errors become <see cref="VaultException"/>).</summary>
    public async ValueTask<VaultResponse?> SendAsync(VaultRequest request, IVaultTokenProvider? tokenProvider, NotFoundHandling notFound, CancellationToken cancellationToken)
    {
        (int status, EnvelopeWire? body) = await SendEnvelopeAsync(request, tokenProvider, notFound, cancellationToken).ConfigureAwait(false);
        return body is null && status == 0 ? null : VaultEnvelope.ToResponse(status, body);
    }

    /// <summary>Sends an envelope request and returns the raw envelope; status 0 with no body means "nothing there" (404 <c>{"errors":[]}</c>).</summary>
    /// <remarks>Hot read paths use this to build their result straight from the wire model.</remarks>
    public ValueTask<(int StatusCode, EnvelopeWire? Body)> SendEnvelopeAsync(VaultRequest request, IVaultTokenProvider? tokenProvider, NotFoundHandling notFound, CancellationToken cancellationToken) =>
        SendCoreAsync(request, tokenProvider, s_parseEnvelope, notFound, cancellationToken);

    /// <summary>Sends an envelope request whose body <paramref name="parse"/> reads (an envelope parser keeping less of <c>data</c>).</summary>
    public ValueTask<(int StatusCode, EnvelopeWire? Body)> SendEnvelopeAsync(VaultRequest request, IVaultTokenProvider? tokenProvider, Func<ReadOnlyMemory<byte>, EnvelopeWire?> parse, NotFoundHandling notFound, CancellationToken cancellationToken) =>
        SendCoreAsync(request, tokenProvider, parse, notFound, cancellationToken);

    /// <summary>Sends a request and returns the status with the body as <paramref name="parse"/> read it (raw endpoints such as sys/health).</summary>
    /// <remarks><paramref name="parse"/> throws <see cref="JsonException"/> for a body it cannot read; it must not keep a reference to the bytes.</remarks>
    public ValueTask<(int StatusCode, T? Body)> SendAsync<T>(VaultRequest request, IVaultTokenProvider? tokenProvider, Func<ReadOnlyMemory<byte>, T?> parse, CancellationToken cancellationToken)
        where T : class =>
        SendCoreAsync(request, tokenProvider, parse, notFound: null, cancellationToken);

    /// <summary>One request with its telemetry, token and re-login on "invalid token"; with <paramref name="notFound"/> the body is an envelope whose errors become <see cref="VaultException"/>.</summary>
    private async ValueTask<(int StatusCode, T? Body)> SendCoreAsync<T>(
        VaultRequest request, IVaultTokenProvider? tokenProvider, Func<ReadOnlyMemory<byte>, T?> parse, NotFoundHandling? notFound, CancellationToken cancellationToken)
        where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // Two clock reads cost about 0.1 μs per request on this path; only take them when someone looks at the duration.
        bool timed = s_duration.Enabled || _logger.IsEnabled(LogLevel.Debug);
        long started = timed ? TimeProvider.GetTimestamp() : 0;
        Activity? activity = CoreTelemetry.s_activitySource.HasListeners()
            ? CoreTelemetry.s_activitySource.StartActivity(request.ActivityName, ActivityKind.Client)
            : null;
        activity?.SetTag("vault.path", request.Path);
        activity?.SetTag("http.request.method", request.Method.Method);
        int status = 0;
        string? requestId = null;
        bool gettingToken = false;
        try
        {
            gettingToken = true;
            SecretString? token = await GetTokenAsync(request, tokenProvider, cancellationToken).ConfigureAwait(false);
            gettingToken = false;
            (status, T? body, requestId) = await ExchangeAsync(request, token, parse, cancellationToken).ConfigureAwait(false);
            if (status == 403 && tokenProvider is not null && request.TokenSource == TokenSource.Provider
                && body is EnvelopeWire { Errors: var errors } && VaultErrors.Contain(errors, "invalid token"))
            {
                _logger.VaultTokenRejected(request.Path);
                await tokenProvider.OnTokenRejectedAsync(token!, cancellationToken).ConfigureAwait(false);
                gettingToken = true;
                token = await GetTokenAsync(request, tokenProvider, cancellationToken).ConfigureAwait(false);
                gettingToken = false;
                (status, body, requestId) = await ExchangeAsync(request, token, parse, cancellationToken).ConfigureAwait(false);
            }

            if (notFound is { } handling && !VaultEnvelope.HasResult(request, status, body as EnvelopeWire, handling))
            {
                return (0, null);
            }

            return (status, body);
        }
        catch (VaultException ex) when (!gettingToken)
        {
            // A failed login (raised while getting the token) is the session's to report: this request never went out.
            status = ex.StatusCode;
            if (status == 0)
            {
                _logger.VaultTransportFailed(request.Method.Method, request.Path, ex);
            }
            else
            {
                _logger.VaultRequestFailed(request.Method.Method, request.Path, status, requestId);
            }

            throw;
        }
        finally
        {
            TimeSpan elapsed = timed ? TimeProvider.GetElapsedTime(started) : TimeSpan.Zero;
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _logger.VaultRequestCompleted(request.Method.Method, request.Path, status, requestId, elapsed.TotalMilliseconds);
            }

            if (activity is not null)
            {
                activity.SetTag("http.response.status_code", status);
                if (status is 0 or >= 400)
                {
                    activity.SetStatus(ActivityStatusCode.Error);
                }

                activity.Dispose();
            }

            if (s_requests.Enabled || s_duration.Enabled)
            {
                var tags = new TagList
                {
                    { "vault.operation", request.Operation },
                    { "http.response.status_code", status },
                };
                s_requests.Add(1, tags);
                s_duration.Record(elapsed.TotalSeconds, tags);
            }
        }
    }

    private static ValueTask<SecretString?> GetTokenAsync(VaultRequest request, IVaultTokenProvider? tokenProvider, CancellationToken cancellationToken)
    {
        switch (request.TokenSource)
        {
            case TokenSource.Explicit:
                return new ValueTask<SecretString?>(request.Token);
            case TokenSource.Provider:
                if (tokenProvider is null)
                {
                    throw new InvalidOperationException(
                        $"The Vault operation '{request.Operation}' on '{request.Path}' needs a token, but this VaultClient has no token provider; create one with VaultClient.WithTokenProvider.");
                }

                // Handed through as it is: an async wrapper here cost a state machine on every request.
                return tokenProvider.GetTokenAsync(cancellationToken)!;
            default:
                return new ValueTask<SecretString?>((SecretString?)null);
        }
    }

    private async ValueTask<(int StatusCode, T? Body, string? RequestId)> ExchangeAsync<T>(VaultRequest request, SecretString? token, Func<ReadOnlyMemory<byte>, T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        var uri = new Uri(request.BuildUri(_apiBase), UriKind.Absolute);
        ResiliencePipeline<HttpResponseMessage>? pipeline = request.RetryOnStatus ? _pipeline : _pipelineNoStatusRetry;
        Outcome<HttpResponseMessage> outcome;
        if (pipeline is not null && _pipelineTimesAttempts)
        {
            outcome = await ExecuteAsync(pipeline, new AttemptState(this, request, uri, token, FirstOutcome: null), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The first attempt goes out directly: on the common path (an answer that needs no retry) Polly has
            // nothing to decide, and entering its pipeline cost about 0.35 μs of a 3.4 μs in-memory KV read.
            try
            {
                outcome = Outcome.FromResult(await SendOnceAsync(request, uri, token, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                outcome = Outcome.FromException<HttpResponseMessage>(ex);
            }

            if (pipeline is not null && ShouldRetry(outcome, request.RetryOnStatus))
            {
                // Polly takes over with the first answer as its first attempt, so the retry count, delays,
                // Retry-After and logging are exactly those of a pipeline that had sent it itself.
                outcome = await ExecuteAsync(pipeline, new AttemptState(this, request, uri, token, new StrongBox<Outcome<HttpResponseMessage>?>(outcome)), cancellationToken).ConfigureAwait(false);
            }
        }

        if (outcome.Exception is { } exception)
        {
            switch (exception)
            {
                case OperationCanceledException when cancellationToken.IsCancellationRequested:
                    break;
                case TimeoutRejectedException or TaskCanceledException or TimeoutException:
                    throw new VaultException(0, request.Path, null, null, "the request timed out", exception);
                case HttpRequestException:
                    throw new VaultException(0, request.Path, null, null, "the connection to Vault failed", exception);
            }

            // Our own VaultExceptions, the caller's cancellation and anything unexpected keep their original stack.
            ExceptionDispatchInfo.Throw(exception);
        }

        using HttpResponseMessage response = outcome.Result!;
        int status = (int)response.StatusCode;
        if (status == 204)
        {
            return (status, null, null);
        }

        // Read inline rather than in a helper: every async layer on this path is a state machine per request. The
        // stream is disposed with the response, which owns it. Content-Length is not consulted: asking HttpContent
        // for it parses and boxes the header on every response, and an empty body is seen just as well after reading.
        PooledResponseBody content;
        try
        {
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            content = await PooledResponseBody.ReadAsync(stream, _bodyTimeout, TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            // Disposing the response (on the way out) aborts the read still waiting.
            throw new VaultException(0, request.Path, null, null, "the response body did not arrive in time", ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new VaultException(0, request.Path, null, null, "the connection to Vault failed while reading the response", ex);
        }

        T? body;
        using (content)
        {
            if (content.Memory.IsEmpty)
            {
                return (status, null, null);
            }

            try
            {
                body = parse(content.Memory);
            }
            catch (JsonException ex)
            {
                if (status < 400)
                {
                    // The reader's message names a position, never the content; the depth limit deserves words of its own.
                    string detail = ex.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                        ? $"the response nests JSON deeper than {EnvelopeParser.MaxDepth} levels"
                        : "the response is not valid JSON";
                    throw new VaultException(status, request.Path, null, null, detail, ex);
                }

                // A proxy or load balancer in front of Vault may answer with HTML; the status alone tells the story.
                body = null;
            }
        }

        return (status, body, (body as EnvelopeWire)?.RequestId);
    }

    /// <summary>Runs <paramref name="state"/>'s attempts through <paramref name="pipeline"/> (retries, and the attempt timeout when it has one).</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> ExecuteAsync(ResiliencePipeline<HttpResponseMessage> pipeline, AttemptState state, CancellationToken cancellationToken)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                // Only the retry log line reads it.
                context.Properties.Set(s_uriKey, state.Uri);
            }

            return await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    if (state.TakeFirstOutcome() is { } first)
                    {
                        return first;
                    }

                    try
                    {
                        return Outcome.FromResult(await state.Transport.SendOnceAsync(state.Request, state.Uri, state.Token, ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<HttpResponseMessage> SendOnceAsync(VaultRequest request, Uri uri, SecretString? token, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (HttpRequestMessage message = CreateMessage(request, uri, token))
        {
            response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }

        int status = (int)response.StatusCode;
        if (!VaultStatus.IsRedirect(status))
        {
            return response;
        }

        // Standbys answer 307 with the active node's address. Follow exactly one hop, re-sending method and body, and
        // never from https to http (the token would travel in clear text).
        Uri? location = response.Headers.Location;
        response.Dispose();
        if (location is null)
        {
            throw new VaultException(status, request.Path, null, null, "the redirect has no Location header", null);
        }

        Uri target = location.IsAbsoluteUri ? location : new Uri(uri, location);
        if (uri.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps)
        {
            throw new VaultException(status, request.Path, null, null, "redirect would cause protocol downgrade", null);
        }

        _logger.VaultRedirected(request.Path, status, target.Authority);
        HttpResponseMessage second;
        using (HttpRequestMessage message = CreateMessage(request, target, token))
        {
            second = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }

        int secondStatus = (int)second.StatusCode;
        if (VaultStatus.IsRedirect(secondStatus))
        {
            second.Dispose();
            throw new VaultException(secondStatus, request.Path, null, null, "too many redirects (only one hop is followed)", null);
        }

        return second;
    }

    private HttpRequestMessage CreateMessage(VaultRequest request, Uri uri, SecretString? token)
    {
        var message = new HttpRequestMessage(request.Method, uri);
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            // HTTP/2 where the server offers it in ALPN (real Vault does over TLS): a cold load's parallel reads share one
            // connection and one handshake instead of paying one each. A server without it gets HTTP/1.1.
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        HttpRequestHeaders headers = message.Headers;
        foreach (KeyValuePair<string, string> header in _headers)
        {
            headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        headers.TryAddWithoutValidation(RequestHeader, "true");
        if (_namespace is not null)
        {
            headers.TryAddWithoutValidation(NamespaceHeader, _namespace);
        }

        if (token is not null)
        {
            headers.TryAddWithoutValidation(TokenHeader, token.Reveal());
        }

        if (request.WrapTtl is TimeSpan wrapTtl)
        {
            headers.TryAddWithoutValidation(WrapTtlHeader, ((long)Math.Ceiling(wrapTtl.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        if (request.Body is not null)
        {
            var content = new ByteArrayContent(request.Body);
            content.Headers.ContentType = s_jsonContentType;
            message.Content = content;
        }

        return message;
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(VaultClientOptions options, TimeSpan? attemptTimeout, bool retryOnStatus, TimeProvider timeProvider, Func<double>? randomizer, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            TimeSpan maxDelay = options.MaxRetryDelay;
            var retry = new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = maxDelay,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, retryOnStatus)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, timeProvider, maxDelay)),
                OnRetry = args =>
                {
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        string path = args.Context.Properties.TryGetValue(s_uriKey, out Uri? uri) ? uri.AbsolutePath : string.Empty;
                        int status = args.Outcome.Result is { } r ? (int)r.StatusCode : 0;
                        logger.VaultRequestRetrying(path, args.AttemptNumber + 1, args.RetryDelay, status, args.Outcome.Exception);
                    }

                    return default;
                },
            };
            if (randomizer is not null)
            {
                retry.Randomizer = randomizer;
            }

            builder.AddRetry(retry);
        }

        if (attemptTimeout is { } timeout)
        {
            builder.AddTimeout(timeout);
        }

        return builder.Build();
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool retryOnStatus)
    {
        if (outcome.Result is { } response)
        {
            return retryOnStatus && VaultStatus.IsRetryable((int)response.StatusCode);
        }

        return outcome.Exception switch
        {
            // A certificate Vault's CA bundle does not trust will not become trusted by retrying.
            HttpRequestException { InnerException: AuthenticationException } => false,
            HttpRequestException => true,
            TimeoutRejectedException => true,
            TaskCanceledException { InnerException: TimeoutException } => true,
            _ => false,
        };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider timeProvider, TimeSpan maxDelay)
    {
        RetryConditionHeaderValue? retryAfter = response?.Headers.RetryAfter;
        if (retryAfter is null)
        {
            return null;
        }

        TimeSpan delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - timeProvider.GetUtcNow() : TimeSpan.Zero);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        return delay > maxDelay ? maxDelay : delay;
    }

    /// <summary>What the pipeline's callback needs to send an attempt; <paramref name="FirstOutcome"/> holds the answer to an attempt already sent outside the pipeline, handed to Polly once.</summary>
    /// <remarks>A struct, so the attempt-timeout path allocates nothing for it; only a retry allocates the box.</remarks>
    private readonly record struct AttemptState(VaultTransport Transport, VaultRequest Request, Uri Uri, SecretString? Token, StrongBox<Outcome<HttpResponseMessage>?>? FirstOutcome)
    {
        public Outcome<HttpResponseMessage>? TakeFirstOutcome()
        {
            if (FirstOutcome is null)
            {
                return null;
            }

            Outcome<HttpResponseMessage>? first = FirstOutcome.Value;
            FirstOutcome.Value = null;
            return first;
        }
    }
}
