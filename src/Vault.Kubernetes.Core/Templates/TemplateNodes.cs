// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Vault.Kubernetes.Templates;

/// <summary>A node of the parsed, immutable template tree.</summary>
internal abstract class TemplateNode(TemplatePosition position)
{
    public TemplatePosition Position { get; } = position;
}

internal sealed class ListNode(TemplatePosition position, IReadOnlyList<TemplateNode> nodes) : TemplateNode(position)
{
    public IReadOnlyList<TemplateNode> Nodes { get; } = nodes;
}

internal sealed class TextNode(TemplatePosition position, string text) : TemplateNode(position)
{
    public string Text { get; } = text;
}

/// <summary>An action that prints its pipeline's value, unless the pipeline declares or assigns variables.</summary>
internal sealed class ActionNode(TemplatePosition position, PipelineNode pipeline) : TemplateNode(position)
{
    public PipelineNode Pipeline { get; } = pipeline;
}

/// <summary><c>{{if}}</c> or <c>{{with}}</c>: runs <see cref="Body"/> when the pipeline is non-empty (with <c>with</c> also setting dot), else <see cref="Else"/>.</summary>
internal sealed class BranchNode(TemplatePosition position, bool isWith, PipelineNode condition, ListNode body, ListNode? elseList) : TemplateNode(position)
{
    public bool IsWith { get; } = isWith;

    public PipelineNode Condition { get; } = condition;

    public ListNode Body { get; } = body;

    public ListNode? Else { get; } = elseList;
}

internal sealed class RangeNode(TemplatePosition position, PipelineNode pipeline, ListNode body, ListNode? elseList) : TemplateNode(position)
{
    public PipelineNode Pipeline { get; } = pipeline;

    public ListNode Body { get; } = body;

    public ListNode? Else { get; } = elseList;
}

/// <summary><c>{{break}}</c> or <c>{{continue}}</c> inside a range.</summary>
internal sealed class LoopControlNode(TemplatePosition position, bool isBreak) : TemplateNode(position)
{
    public bool IsBreak { get; } = isBreak;
}

internal sealed class PipelineNode(TemplatePosition position, IReadOnlyList<string> declarations, bool isAssignment, IReadOnlyList<CommandNode> commands)
    : TemplateNode(position)
{
    public IReadOnlyList<string> Declarations { get; } = declarations;

    public bool IsAssignment { get; } = isAssignment;

    public IReadOnlyList<CommandNode> Commands { get; } = commands;
}

/// <summary>One command of a pipeline: a function call with arguments, or a single operand.</summary>
internal sealed class CommandNode(TemplatePosition position, IReadOnlyList<ExpressionNode> arguments, TemplateSecretRequest? staticSecret)
    : TemplateNode(position)
{
    public IReadOnlyList<ExpressionNode> Arguments { get; } = arguments;

    /// <summary>Gets the request of a <c>secret</c> call whose arguments are all literals, resolved once at parse time.</summary>
    public TemplateSecretRequest? StaticSecret { get; } = staticSecret;
}

internal abstract class ExpressionNode(TemplatePosition position, string text) : TemplateNode(position)
{
    /// <summary>Gets the source text of the operand, used to name it in errors.</summary>
    public string Text { get; } = text;
}

internal sealed class DotNode(TemplatePosition position) : ExpressionNode(position, ".");

internal sealed class VariableNode(TemplatePosition position, string name) : ExpressionNode(position, name)
{
    public string Name { get; } = name;
}

internal sealed class LiteralNode(TemplatePosition position, string text, object? value) : ExpressionNode(position, text)
{
    public object? Value { get; } = value;
}

internal sealed class FunctionNode(TemplatePosition position, TemplateFunction function) : ExpressionNode(position, function.Name)
{
    public TemplateFunction Function { get; } = function;
}

internal sealed class ParenthesizedNode(TemplatePosition position, PipelineNode pipeline) : ExpressionNode(position, "(...)")
{
    public PipelineNode Pipeline { get; } = pipeline;
}

/// <summary>An operand followed by field names: <c>.Data.data.key</c> (operand dot), <c>$s.Data</c>, <c>(secret "x").Data</c>.</summary>
internal sealed class ChainNode(TemplatePosition position, string text, ExpressionNode operand, IReadOnlyList<string> fields) : ExpressionNode(position, text)
{
    public ExpressionNode Operand { get; } = operand;

    public IReadOnlyList<string> Fields { get; } = fields;
}
