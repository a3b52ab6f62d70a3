// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vault.Kubernetes.Templates;

/// <summary>Walks a parsed template once and produces its output; one instance per render, never shared.</summary>
/// <remarks>
/// Secrets come from a resolver that returns <see langword="null"/> when a request has not been fetched yet; the
/// evaluator then stops with <see cref="MissingSecretException"/> so the caller can fetch it and render again
/// (consul-template's model). All other failures become <see cref="TemplateRenderException"/>.
/// </remarks>
internal sealed class TemplateEvaluator
{
    private const string NoValue = "<no value>";

    // Ranging over an integer materializes its items; a typo such as "range 1e12" must not exhaust memory.
    private const long MaxIntegerRange = 1_000_000;

    private readonly string _templateName;
    private readonly TemplateRenderOptions _options;
    private readonly Func<TemplateSecretRequest, TemplateSecret?> _resolve;
    private readonly StringBuilder _output = new();
    private readonly List<(string Name, object? Value)> _variables = [];
    private TemplatePosition _secretPosition;

    public TemplateEvaluator(string templateName, TemplateRenderOptions options, Func<TemplateSecretRequest, TemplateSecret?> resolve)
    {
        _templateName = templateName;
        _options = options;
        _resolve = resolve;
    }

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public string Render(ListNode root)
    {
        _output.Clear();
        _variables.Clear();
        object? data = _options.Data is { } element ? element : null;
        _variables.Add(("$", data));
        Walk(root, dot: data);
        return _output.ToString();
    }

    public string? GetEnvironmentVariable(string name) =>
        _options.EnvironmentLookup is { } lookup ? lookup(name) : Environment.GetEnvironmentVariable(name);

    public TemplateSecret ResolveSecret(TemplateSecretRequest request) =>
        _resolve(request) ?? throw new MissingSecretException(request, _secretPosition);

    private Flow Walk(ListNode list, object? dot)
    {
        foreach (TemplateNode node in list.Nodes)
        {
            Flow flow = WalkNode(node, dot);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private Flow WalkNode(TemplateNode node, object? dot)
    {
        switch (node)
        {
            case TextNode text:
                _output.Append(text.Text);
                return Flow.Normal;
            case ActionNode action:
                object? value = EvaluatePipeline(action.Pipeline, dot);
                if (action.Pipeline.Declarations.Count == 0)
                {
                    // Go prints a missing value (and a nil interface) as "<no value>" at the end of a pipeline.
                    if (value is null)
                    {
                        _output.Append(NoValue);
                    }
                    else
                    {
                        GoFormat.AppendValue(_output, value);
                    }
                }

                return Flow.Normal;
            case BranchNode branch:
                return WalkBranch(branch, dot);
            case RangeNode range:
                return WalkRange(range, dot);
            case LoopControlNode control:
                return control.IsBreak ? Flow.Break : Flow.Continue;
            default:
                throw new InvalidOperationException("Unknown template node.");
        }
    }

    private Flow WalkBranch(BranchNode branch, object? dot)
    {
        int mark = _variables.Count;
        object? value = EvaluatePipeline(branch.Condition, dot);
        Flow flow = Flow.Normal;
        if (TemplateValues.IsTrue(value))
        {
            flow = Walk(branch.Body, branch.IsWith ? value : dot);
        }
        else if (branch.Else is not null)
        {
            flow = Walk(branch.Else, dot);
        }

        _variables.RemoveRange(mark, _variables.Count - mark);
        return flow;
    }

    private Flow WalkRange(RangeNode range, object? dot)
    {
        int mark = _variables.Count;
        PipelineNode pipeline = range.Pipeline;
        object? value = EvaluateCommands(pipeline, dot);
        List<(object? Key, object? Element)> items = RangeItems(value, range);
        if (items.Count == 0)
        {
            // The range variables are in scope in the else branch too; Go leaves them unset, here they are nil.
            foreach (string name in pipeline.Declarations)
            {
                SetVariable(name, null, pipeline.IsAssignment);
            }

            Flow elseFlow = range.Else is null ? Flow.Normal : Walk(range.Else, dot);
            _variables.RemoveRange(mark, _variables.Count - mark);
            return elseFlow;
        }

        foreach ((object? key, object? element) in items)
        {
            int iterationMark = _variables.Count;
            if (pipeline.Declarations.Count == 1)
            {
                SetVariable(pipeline.Declarations[0], element, pipeline.IsAssignment);
            }
            else if (pipeline.Declarations.Count == 2)
            {
                SetVariable(pipeline.Declarations[0], key, pipeline.IsAssignment);
                SetVariable(pipeline.Declarations[1], element, pipeline.IsAssignment);
            }

            Flow flow = Walk(range.Body, element);
            _variables.RemoveRange(iterationMark, _variables.Count - iterationMark);
            if (flow == Flow.Break)
            {
                break;
            }
        }

        _variables.RemoveRange(mark, _variables.Count - mark);
        return Flow.Normal;
    }

    private List<(object? Key, object? Element)> RangeItems(object? value, RangeNode range)
    {
        var items = new List<(object? Key, object? Element)>();
        switch (value)
        {
            case null:
                break;
            case JsonElement { ValueKind: JsonValueKind.Object } map:
                // Go ranges over maps in sorted key order, which keeps rendered files stable.
                foreach (JsonProperty property in TemplateValues.SortedProperties(map))
                {
                    items.Add((property.Name, TemplateValues.FromJson(property.Value)));
                }

                break;
            case JsonElement { ValueKind: JsonValueKind.Array }:
            case string[]:
                TemplateValues.TryGetList(value, out List<object?> list);
                for (int i = 0; i < list.Count; i++)
                {
                    items.Add(((long)i, list[i]));
                }

                break;
            case long count when range.Pipeline.Declarations.Count < 2:
                if (count > MaxIntegerRange)
                {
                    throw RenderError(range.Position, "range", string.Create(CultureInfo.InvariantCulture, $"range over an integer above {MaxIntegerRange}"));
                }

                for (long i = 0; i < count; i++)
                {
                    items.Add((i, i));
                }

                break;
            default:
                throw RenderError(range.Position, "range", $"range can't iterate over a value of type {TemplateValues.TypeName(value)}");
        }

        return items;
    }

    private object? EvaluatePipeline(PipelineNode pipeline, object? dot)
    {
        object? value = EvaluateCommands(pipeline, dot);
        foreach (string name in pipeline.Declarations)
        {
            SetVariable(name, value, pipeline.IsAssignment);
        }

        return value;
    }

    private object? EvaluateCommands(PipelineNode pipeline, object? dot)
    {
        object? value = null;
        for (int i = 0; i < pipeline.Commands.Count; i++)
        {
            value = EvaluateCommand(pipeline.Commands[i], dot, piped: i > 0, value);
        }

        return value;
    }

    private object? EvaluateCommand(CommandNode command, object? dot, bool piped, object? final)
    {
        if (command.Arguments[0] is not FunctionNode function)
        {
            return EvaluateArgument(command.Arguments[0], dot);
        }

        string name = function.Function.Name;
        if (!piped && name is TemplateFunctions.AndFunctionName or TemplateFunctions.OrFunctionName)
        {
            return ShortCircuit(command, dot, stopWhen: name == TemplateFunctions.OrFunctionName);
        }

        if (command.StaticSecret is TemplateSecretRequest request)
        {
            _secretPosition = function.Position;
            return ResolveSecret(request);
        }

        int count = command.Arguments.Count - 1 + (piped ? 1 : 0);
        object?[] arguments = count == 0 ? [] : new object?[count];
        for (int i = 1; i < command.Arguments.Count; i++)
        {
            arguments[i - 1] = EvaluateArgument(command.Arguments[i], dot);
        }

        if (piped)
        {
            arguments[^1] = final;
        }

        return Invoke(function, arguments);
    }

    /// <summary>Evaluates <c>and</c>/<c>or</c> arguments left to right and stops at the first that decides the result, as Go does.</summary>
    private object? ShortCircuit(CommandNode command, object? dot, bool stopWhen)
    {
        object? value = null;
        for (int i = 1; i < command.Arguments.Count; i++)
        {
            value = EvaluateArgument(command.Arguments[i], dot);
            if (TemplateValues.IsTrue(value) == stopWhen)
            {
                return value;
            }
        }

        return value;
    }

    private object? Invoke(FunctionNode function, object?[] arguments)
    {
        _secretPosition = function.Position;
        try
        {
            return function.Function.Body(this, arguments);
        }
        catch (TemplateFunctionException ex)
        {
            throw RenderError(function.Position, function.Function.Name, ex.Message);
        }
    }

    private object? EvaluateArgument(ExpressionNode node, object? dot)
    {
        switch (node)
        {
            case DotNode:
                return dot;
            case VariableNode variable:
                return GetVariable(variable.Name);
            case LiteralNode literal:
                return literal.Value;
            case ParenthesizedNode parenthesized:
                return EvaluateCommands(parenthesized.Pipeline, dot);
            case FunctionNode function:
                // A function name used as an argument is called with no arguments, as in Go.
                return Invoke(function, []);
            case ChainNode chain:
                object? receiver = EvaluateArgument(chain.Operand, dot);
                foreach (string field in chain.Fields)
                {
                    receiver = GetField(receiver, field, chain);
                }

                return receiver;
            default:
                throw new InvalidOperationException("Unknown template expression.");
        }
    }

    private object? GetField(object? receiver, string field, ChainNode node)
    {
        switch (receiver)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } map:
                if (map.TryGetProperty(field, out JsonElement value))
                {
                    return TemplateValues.FromJson(value);
                }

                return _options.ErrorOnMissingKey
                    ? throw RenderError(node.Position, node.Text, $"map has no entry for key \"{field}\"")
                    : null;
            case TemplateSecret secret:
                return field switch
                {
                    "Data" => TemplateValues.FromJson(secret.Data),
                    "RequestID" => secret.RequestId,
                    "LeaseID" => secret.LeaseId,
                    "LeaseDuration" => secret.LeaseDuration,
                    "Renewable" => secret.Renewable,
                    "Warnings" => secret.Warnings is { Count: > 0 } warnings ? [.. warnings] : Array.Empty<string>(),
                    "Auth" or "WrapInfo" => null,
                    _ => throw RenderError(node.Position, node.Text, $"a secret has no field \"{field}\""),
                };
            case null:
                throw RenderError(node.Position, node.Text, $"can't evaluate field \"{field}\" of a nil value (a missing key or secret data?)");
            default:
                throw RenderError(node.Position, node.Text, $"can't evaluate field \"{field}\" in a value of type {TemplateValues.TypeName(receiver)}");
        }
    }

    private object? GetVariable(string name)
    {
        for (int i = _variables.Count - 1; i >= 0; i--)
        {
            if (_variables[i].Name == name)
            {
                return _variables[i].Value;
            }
        }

        // The parser rejects undefined variables, so this cannot happen for a parsed template.
        throw new InvalidOperationException("Undefined template variable.");
    }

    private void SetVariable(string name, object? value, bool assign)
    {
        if (assign)
        {
            for (int i = _variables.Count - 1; i >= 0; i--)
            {
                if (_variables[i].Name == name)
                {
                    _variables[i] = (name, value);
                    return;
                }
            }
        }

        _variables.Add((name, value));
    }

    private TemplateRenderException RenderError(TemplatePosition position, string construct, string reason) =>
        new(_templateName, position.Line, position.Column, construct, reason);
}
