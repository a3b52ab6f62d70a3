// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Templates;

/// <summary>Runs a template function on evaluated arguments (a piped value comes last).</summary>
internal delegate object? TemplateFunctionBody(TemplateEvaluator evaluator, object?[] arguments);

/// <summary>A function a template may call, with the argument counts checked at parse time.</summary>
/// <param name="name">The name used in templates.</param>
/// <param name="minArguments">The fewest arguments, counting a piped value.</param>
/// <param name="maxArguments">The most arguments, or -1 for no limit.</param>
/// <param name="body">The implementation.</param>
internal sealed class TemplateFunction(string name, int minArguments, int maxArguments, TemplateFunctionBody body)
{
    public string Name { get; } = name;

    public int MinArguments { get; } = minArguments;

    public int MaxArguments { get; } = maxArguments;

    public TemplateFunctionBody Body { get; } = body;
}
