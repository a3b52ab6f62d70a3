// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Agent.Diagnostics;
using Vault.Kubernetes.Agent.Files;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Annotations;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Hosting;

/// <summary>Runs the agent: <see cref="RunInitAsync"/> renders every file once (all or nothing), <see cref="RunSidecarAsync"/> keeps them fresh until stopped.</summary>
/// <remarks>The agent is the sync engine plus a file sink: this class only wires them and decides what init success means.</remarks>
internal sealed class AgentRunner
{
    private readonly AgentConfig _config;
    private readonly IReadOnlyList<AgentFile> _files;
    private readonly IAgentVault _vault;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private const string TargetName = "agent";
    private readonly TimeProvider _timeProvider;
    private IDisposable? _followSession;

    /// <summary>Initializes a new instance of the <see cref="AgentRunner"/> class.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="files">The files with their templates (from <see cref="AgentFile.From"/>).</param>
    /// <param name="vault">The Vault connection: login, token and secret reads.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="timeProvider">The clock.</param>
    public AgentRunner(AgentConfig config, IReadOnlyList<AgentFile> files, IAgentVault vault, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _config = config;
        _files = files;
        _vault = vault;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Vault.Kubernetes.Agent");
        _timeProvider = timeProvider;
    }

    /// <summary>Gets or sets a callback invoked once the sidecar's engine has started (tests use it to drive a fake clock).</summary>
    public Action<SecretSyncEngine>? SidecarStarted { get; set; }

    /// <summary>Gets or sets a callback invoked after the token sink was written (tests wait on it).</summary>
    public Action<string>? TokenWritten { get; set; }

    /// <summary>Gets or sets the command runner's start callback, for tests.</summary>
    public Action<int>? CommandStarted { get; set; }

    /// <summary>Logs in, reads every secret, renders every file and writes them all, or none when anything fails.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The process exit code.</returns>
    public async Task<int> RunInitAsync(CancellationToken cancellationToken = default)
    {
        _logger.AgentStarting("init", _files.Count, _config.Connection.Kubernetes.Role!, "auth/" + _config.Connection.Kubernetes.MountPath);
        if (!await LoginAsync(cancellationToken).ConfigureAwait(false))
        {
            return AgentExitCodes.Failed;
        }

        AgentFileSink sink = CreateSink();
        await using (SecretSyncEngine engine = CreateEngine(sink))
        {
            await engine.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
            if (!ReportFailedSecrets(engine))
            {
                _logger.InitFailed();
                return AgentExitCodes.Failed;
            }
        }

        Interlocked.Exchange(ref _followSession, null)?.Dispose();

        var contents = new List<FileContent>(_files.Count + 1);
        foreach (AgentFile file in _files)
        {
            try
            {
                contents.Add(new FileContent(file.Spec.Destination, sink.Render(file), file.Spec.Mode));
            }
            catch (FileRenderException ex)
            {
                _logger.InitFileFailed(file.Spec.Destination, file.Spec.Name, ex.Message);
            }
        }

        if (contents.Count < _files.Count)
        {
            _logger.InitFailed();
            return AgentExitCodes.Failed;
        }

        // The token file is written with the others, so a failure leaves neither the token nor any secret file.
        if (_config.TokenSinkPath is string tokenPath && _vault.CurrentToken is SecretString current)
        {
            contents.Add(new FileContent(tokenPath, Encoding.UTF8.GetBytes(current.Reveal()), AgentDefaults.FileMode));
        }

        IReadOnlyList<FileContent> changed;
        try
        {
            changed = await AtomicFileWriter.WriteAllIfChangedAsync(contents, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            _logger.InitWriteFailed(ex, ex.Message);
            return AgentExitCodes.Failed;
        }

        int written = 0;
        foreach (AgentFile file in _files.Where(f => changed.Any(c => string.Equals(c.Path, f.Spec.Destination, StringComparison.Ordinal))))
        {
            _logger.FileWritten(file.Spec.Destination, file.Spec.Name);
            await sink.RunCommandAsync(file, cancellationToken).ConfigureAwait(false);
            written++;
        }

        if (_config.TokenSinkPath is string token && changed.Any(c => string.Equals(c.Path, token, StringComparison.Ordinal)))
        {
            _logger.TokenWritten(token);
        }

        await _vault.SaveCacheAsync(sink.Secrets, cancellationToken).ConfigureAwait(false);
        _logger.InitCompleted(_files.Count, written);
        return AgentExitCodes.Success;
    }

    /// <summary>Keeps every file fresh until <paramref name="cancellationToken"/> is cancelled (SIGTERM).</summary>
    /// <param name="cancellationToken">Cancelled to stop the sidecar.</param>
    /// <returns>The process exit code.</returns>
    public async Task<int> RunSidecarAsync(CancellationToken cancellationToken = default)
    {
        if (_config.PrePopulateOnly)
        {
            _logger.PrePopulateOnly();
            return AgentExitCodes.Success;
        }

        _logger.AgentStarting("sidecar", _files.Count, _config.Connection.Kubernetes.Role!, "auth/" + _config.Connection.Kubernetes.MountPath);
        AgentFileSink sink = CreateSink();
        sink.Live = true;
        sink.Updated = () => _ = _vault.SaveCacheAsync(sink.Secrets);
        if (_config.TokenSinkPath is not null)
        {
            _vault.TokenChanged += OnTokenChanged;
        }

        try
        {
            await using SecretSyncEngine engine = CreateEngine(sink);
            await sink.RenderFilesWithoutSecretsAsync(cancellationToken).ConfigureAwait(false);
            await WriteTokenAsync(cancellationToken, bestEffort: true).ConfigureAwait(false);
            _logger.SidecarStarted(_files.Count);
            SidecarStarted?.Invoke(engine);
            try
            {
                // Once a minute, at Debug, where the process's memory goes: evidence for the GC settings of the image.
                while (true)
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), _timeProvider, cancellationToken).ConfigureAwait(false);
                    GCMemoryInfo gc = GC.GetGCMemoryInfo();
                    _logger.MemoryStatus(Environment.WorkingSet >> 20, GC.GetTotalMemory(false) >> 20, gc.TotalCommittedBytes >> 20, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _logger.SidecarStopping();
            }
        }
        finally
        {
            _vault.TokenChanged -= OnTokenChanged;
            Interlocked.Exchange(ref _followSession, null)?.Dispose();
        }

        if (_config.RevokeOnShutdown)
        {
            await _vault.RevokeTokenAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return AgentExitCodes.Success;
    }

    private AgentFileSink CreateSink()
    {
        var commands = new CommandRunner(_config.CommandTimeout, _logger, _timeProvider) { ProcessStarted = CommandStarted };
        return new AgentFileSink(_files, commands, _logger);
    }

    private SecretSyncEngine CreateEngine(AgentFileSink sink)
    {
        var options = new SecretSyncEngineOptions();
        if (_config.StaticSecretRenderInterval is TimeSpan interval)
        {
            options.LeasePlan.RefreshInterval = interval;
        }

        var engine = new SecretSyncEngine(_vault.Secrets, sink, options, _loggerFactory, _timeProvider);
        _followSession = _vault.Session is { } session ? engine.FollowSession(session) : null;

        // One target of every secret the files read: the engine hands it to the sink only once all of them are read.
        SecretSpec[] specs = [.. Specs()];
        if (specs.Length > 0)
        {
            engine.AddOrUpdate(new SecretSyncTarget(TargetName, specs));
        }

        return engine;
    }

    private IEnumerable<SecretSpec> Specs() =>
        _files.SelectMany(f => f.Template.Specs).DistinctBy(s => s.Name, StringComparer.Ordinal);

    private async Task<bool> LoginAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _vault.LoginAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LoginFailed(ex);
            return false;
        }
    }

    private bool ReportFailedSecrets(SecretSyncEngine engine)
    {
        bool ok = true;
        foreach (SecretSpec spec in Specs())
        {
            SecretSyncState? state = engine.GetState(spec.Name);

            // A secret that was read but waits for a failed one (the engine writes all or nothing) is not a failure of its own.
            if (state is { HasValue: true } or { LastError: null, LastSuccessAt: not null })
            {
                continue;
            }

            string files = string.Join(", ", _files.Where(f => f.DependsOn(spec.Name)).Select(f => $"{f.Spec.Destination} ({f.Spec.Source})"));
            _logger.InitSecretFailed(spec.Path, files, state?.LastError ?? "not read");
            ok = false;
        }

        return ok;
    }

    private void OnTokenChanged(object? sender, EventArgs e) => _ = WriteTokenAsync(CancellationToken.None, bestEffort: true);

    private async Task WriteTokenAsync(CancellationToken cancellationToken, bool bestEffort = false)
    {
        if (_config.TokenSinkPath is not string path)
        {
            return;
        }

        try
        {
            SecretString? token = _vault.CurrentToken;
            if (token is null)
            {
                return;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(token.Reveal());
            if (await AtomicFileWriter.WriteIfChangedAsync(path, bytes, AgentDefaults.FileMode, cancellationToken).ConfigureAwait(false))
            {
                _logger.TokenWritten(path);
            }

            TokenWritten?.Invoke(path);
        }
        catch (Exception ex) when (bestEffort && ex is IOException or UnauthorizedAccessException)
        {
            _logger.TokenWriteFailed(ex, path);
        }
    }
}
