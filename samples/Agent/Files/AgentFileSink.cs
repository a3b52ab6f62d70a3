// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Agent.Diagnostics;
using Vault.Kubernetes.Agent.Rendering;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Files;

/// <summary>The agent's sink: one target of every secret the files read; when a secret changes, re-renders the files that read it, writes them atomically if their content changed, and runs their commands.</summary>
internal sealed class AgentFileSink : ISecretSink
{
    private readonly IReadOnlyList<AgentFile> _files;
    private readonly CommandRunner _commands;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SecretSnapshot> _secrets = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="AgentFileSink"/> class.</summary>
    /// <param name="files">The files.</param>
    /// <param name="commands">Runs the files' commands.</param>
    /// <param name="logger">The logger.</param>
    public AgentFileSink(IReadOnlyList<AgentFile> files, CommandRunner commands, ILogger logger)
    {
        _files = files;
        _commands = commands;
        _logger = logger;
    }

    /// <summary>Gets or sets a value indicating whether changes are rendered to disk right away (sidecar); when <see langword="false"/> (init) snapshots are only collected.</summary>
    public bool Live { get; set; }

    /// <summary>Gets or sets a callback invoked after a write brought new snapshots (the sidecar keeps the persistent cache current with it).</summary>
    public Action? Updated { get; set; }

    /// <summary>Gets the latest snapshot of every secret read so far, keyed by dependency key.</summary>
    public IReadOnlyDictionary<string, SecretSnapshot> Secrets => _secrets;

    /// <inheritdoc/>
    /// <remarks>The engine calls this only once every secret has been read; only files whose secrets changed are rendered again.</remarks>
    public async ValueTask WriteAsync(SecretTargetContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (SecretTargetItem item in content.Items)
        {
            if (item.Snapshot is SecretSnapshot snapshot && (!_secrets.TryGetValue(item.Spec.Name, out SecretSnapshot? held) || !ReferenceEquals(held, snapshot)))
            {
                _secrets[item.Spec.Name] = snapshot;
                changed.Add(item.Spec.Name);
            }
        }

        if (changed.Count > 0)
        {
            Updated?.Invoke();
        }

        if (!Live)
        {
            return;
        }

        var failed = new List<string>();
        foreach (AgentFile file in _files.Where(f => f.Template.Specs.Any(s => changed.Contains(s.Name))))
        {
            try
            {
                await RenderAndWriteAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileRenderException or IOException or UnauthorizedAccessException)
            {
                _logger.FileRenderFailed(ex, file.Spec.Destination, file.Spec.Name);
                failed.Add(file.Spec.Destination);
            }
        }

        if (failed.Count > 0)
        {
            // Failing the write makes the engine keep the old hash and retry with backoff.
            throw new FileRenderException($"could not update {string.Join(", ", failed)}");
        }
    }

    /// <inheritdoc/>
    public ValueTask RemoveAsync(SecretSyncTarget target, CancellationToken cancellationToken = default) =>

        // The agent's secrets are fixed at start; files are never removed.
        ValueTask.CompletedTask;

    /// <summary>Renders the files whose templates name no secret: no secret change would ever render them.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when they are written.</returns>
    public async Task RenderFilesWithoutSecretsAsync(CancellationToken cancellationToken = default)
    {
        foreach (AgentFile file in _files.Where(f => f.Template.Specs.Count == 0))
        {
            try
            {
                await RenderAndWriteAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileRenderException or IOException or UnauthorizedAccessException)
            {
                _logger.FileRenderFailed(ex, file.Spec.Destination, file.Spec.Name);
            }
        }
    }

    /// <summary>Renders one file from the collected snapshots.</summary>
    /// <param name="file">The file.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The content.</returns>
    /// <exception cref="FileRenderException">A secret is missing or the template fails.</exception>
    public byte[] Render(AgentFile file) => Encoding.UTF8.GetBytes(file.Render(_secrets));

    /// <summary>Runs a file's command, if it has one, after its content changed.</summary>
    /// <param name="file">The file.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the command ended.</returns>
    public async Task RunCommandAsync(AgentFile file, CancellationToken cancellationToken = default)
    {
        if (file.Spec.Command is string command)
        {
            await _commands.RunAsync(command, file.Spec.Destination, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RenderAndWriteAsync(AgentFile file, CancellationToken cancellationToken)
    {
        await file.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] content = Render(file);
            if (!await AtomicFileWriter.WriteIfChangedAsync(file.Spec.Destination, content, file.Spec.Mode, cancellationToken).ConfigureAwait(false))
            {
                _logger.FileUnchanged(file.Spec.Destination);
                return;
            }

            _logger.FileWritten(file.Spec.Destination, file.Spec.Name);
            await RunCommandAsync(file, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            file.Gate.Release();
        }
    }
}
