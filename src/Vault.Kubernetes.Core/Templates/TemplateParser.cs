// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Vault.Kubernetes.Templates;

/// <summary>Builds the immutable node tree from lexed segments and records the template's secret dependencies.</summary>
/// <remarks>
/// Everything that can be decided without data is checked here, so a template that parses cannot fail at render
/// time for a syntax reason: unknown or unsupported functions and actions, argument counts, undefined variables,
/// arguments given to non-functions, <c>{{break}}</c> outside a range and unbalanced <c>{{end}}</c>.
/// </remarks>
internal sealed class TemplateParser
{
    // Parsing and evaluation recurse once per nesting level; a bound keeps hostile input from overflowing the stack.
    private const int MaxNesting = 200;

    private readonly string _name;
    private readonly List<TemplateSegment> _segments;
    private readonly List<string> _variables = ["$"];
    private readonly List<TemplateSecretRequest> _dependencies = [];
    private readonly HashSet<TemplateSecretRequest> _seen = [];
    private int _index;
    private int _rangeDepth;
    private int _nesting;
    private bool _hasDynamicDependencies;
    private readonly TemplateFunctionSet _functions;

    private TemplateParser(string name, List<TemplateSegment> segments, TemplateFunctionSet functions)
    {
        _name = name;
        _segments = segments;
        _functions = functions;
    }

    public static (ListNode Root, IReadOnlyList<TemplateSecretRequest> Dependencies, bool HasDynamicDependencies) Parse(
        string source, string name, string left, string right, TemplateFunctionSet functions = TemplateFunctionSet.ConsulTemplate)
    {
        var parser = new TemplateParser(name, TemplateLexer.Lex(source, name, left, right), functions);
        ListNode root = parser.ParseList(new TemplatePosition(1, 1), out TemplateSegment? terminator);
        if (terminator is not null)
        {
            TemplateToken keyword = terminator.Tokens![0];
            throw parser.Error(keyword.Position, keyword.Text, $"unexpected \"{keyword.Text}\" without a matching if, with or range");
        }

        return (root, parser._dependencies, parser._hasDynamicDependencies);
    }

    private static bool IsKeyword(TemplateToken token, string keyword) =>
        token.Kind == TemplateTokenKind.Identifier && token.Text == keyword;

    private ListNode ParseList(TemplatePosition position, out TemplateSegment? terminator)
    {
        var nodes = new List<TemplateNode>();
        while (_index < _segments.Count)
        {
            TemplateSegment segment = _segments[_index++];
            if (segment.Text is not null)
            {
                nodes.Add(new TextNode(segment.Position, segment.Text));
                continue;
            }

            IReadOnlyList<TemplateToken> tokens = segment.Tokens!;
            if (tokens.Count == 0)
            {
                throw Error(segment.Position, "action", "missing value for command");
            }

            TemplateToken first = tokens[0];
            if (first.Kind == TemplateTokenKind.Identifier)
            {
                switch (first.Text)
                {
                    case "end":
                    case "else":
                        terminator = segment;
                        return new ListNode(position, nodes);
                    case "if":
                    case "with":
                        nodes.Add(ParseBranch(segment, 0));
                        continue;
                    case "range":
                        nodes.Add(ParseRange(segment));
                        continue;
                    case "break":
                    case "continue":
                        nodes.Add(ParseLoopControl(segment));
                        continue;
                    case "define":
                    case "template":
                    case "block":
                        throw Error(first.Position, first.Text, $"unsupported action \"{first.Text}\": nested and named templates are not supported");
                    default:
                        break;
                }
            }

            var cursor = new TokenCursor(tokens, 0, segment.Position);
            nodes.Add(new ActionNode(segment.Position, ParsePipeline(cursor, "command", maxDeclarations: 1, inParentheses: false)));
        }

        terminator = null;
        return new ListNode(position, nodes);
    }

    /// <summary>Parses <c>if</c>/<c>with</c> whose keyword is token <paramref name="keywordIndex"/> of the segment (1 for <c>else if</c>).</summary>
    private BranchNode ParseBranch(TemplateSegment segment, int keywordIndex)
    {
        TemplateToken keyword = segment.Tokens![keywordIndex];
        using NestingScope nesting = Nest(keyword);
        bool isWith = keyword.Text == "with";
        int mark = _variables.Count;
        var cursor = new TokenCursor(segment.Tokens, keywordIndex + 1, keyword.Position);
        PipelineNode condition = ParsePipeline(cursor, keyword.Text, maxDeclarations: 1, inParentheses: false);
        int bodyMark = _variables.Count;
        ListNode body = ParseList(keyword.Position, out TemplateSegment? terminator);

        // Variables declared in the body do not exist when the else branch runs, so they are out of scope there.
        _variables.RemoveRange(bodyMark, _variables.Count - bodyMark);
        ListNode? elseList = null;
        if (terminator is null)
        {
            throw MissingEnd(keyword);
        }

        if (IsKeyword(terminator.Tokens![0], "else"))
        {
            IReadOnlyList<TemplateToken> elseTokens = terminator.Tokens;
            if (elseTokens.Count > 1 && IsKeyword(elseTokens[1], keyword.Text))
            {
                // "else if" / "else with" chains share the final {{end}}, so the nested branch consumes it.
                BranchNode nested = ParseBranch(terminator, 1);
                elseList = new ListNode(nested.Position, [nested]);
            }
            else
            {
                ExpectOnlyKeyword(terminator);
                elseList = ParseElse(keyword);
            }
        }
        else
        {
            ExpectOnlyKeyword(terminator);
        }

        _variables.RemoveRange(mark, _variables.Count - mark);
        return new BranchNode(keyword.Position, isWith, condition, body, elseList);
    }

    private RangeNode ParseRange(TemplateSegment segment)
    {
        TemplateToken keyword = segment.Tokens![0];
        using NestingScope nesting = Nest(keyword);
        int mark = _variables.Count;
        var cursor = new TokenCursor(segment.Tokens, 1, keyword.Position);
        PipelineNode pipeline = ParsePipeline(cursor, "range", maxDeclarations: 2, inParentheses: false);
        int bodyMark = _variables.Count;
        _rangeDepth++;
        ListNode body = ParseList(keyword.Position, out TemplateSegment? terminator);
        _rangeDepth--;
        _variables.RemoveRange(bodyMark, _variables.Count - bodyMark);
        if (terminator is null)
        {
            throw MissingEnd(keyword);
        }

        ExpectOnlyKeyword(terminator);
        ListNode? elseList = IsKeyword(terminator.Tokens![0], "else") ? ParseElse(keyword) : null;
        _variables.RemoveRange(mark, _variables.Count - mark);
        return new RangeNode(keyword.Position, pipeline, body, elseList);
    }

    private ListNode ParseElse(TemplateToken keyword)
    {
        ListNode elseList = ParseList(keyword.Position, out TemplateSegment? terminator);
        if (terminator is null)
        {
            throw MissingEnd(keyword);
        }

        TemplateToken end = terminator.Tokens![0];
        if (!IsKeyword(end, "end"))
        {
            throw Error(end.Position, end.Text, $"expected end; found \"{end.Text}\" (only one else per \"{keyword.Text}\")");
        }

        ExpectOnlyKeyword(terminator);
        return elseList;
    }

    private LoopControlNode ParseLoopControl(TemplateSegment segment)
    {
        TemplateToken keyword = segment.Tokens![0];
        if (_rangeDepth == 0)
        {
            throw Error(keyword.Position, keyword.Text, $"\"{keyword.Text}\" outside of range");
        }

        ExpectOnlyKeyword(segment);
        return new LoopControlNode(keyword.Position, keyword.Text == "break");
    }

    private void ExpectOnlyKeyword(TemplateSegment segment)
    {
        if (segment.Tokens!.Count > 1)
        {
            TemplateToken extra = segment.Tokens[1];
            throw Error(extra.Position, segment.Tokens[0].Text, $"unexpected \"{extra.Text}\" in {segment.Tokens[0].Text}");
        }
    }

    private TemplateParseException MissingEnd(TemplateToken keyword) =>
        Error(keyword.Position, keyword.Text, $"missing end for \"{keyword.Text}\"");

    private PipelineNode ParsePipeline(TokenCursor cursor, string context, int maxDeclarations, bool inParentheses)
    {
        TemplatePosition position = cursor.Position;
        var declarations = new List<string>();
        bool isAssignment = false;
        if (cursor.Peek(0)?.Kind == TemplateTokenKind.Variable)
        {
            TemplateTokenKind? next = cursor.Peek(1)?.Kind;
            int count = next is TemplateTokenKind.Declare or TemplateTokenKind.Assign ? 1
                : next == TemplateTokenKind.Comma && cursor.Peek(2)?.Kind == TemplateTokenKind.Variable &&
                  cursor.Peek(3)?.Kind is TemplateTokenKind.Declare or TemplateTokenKind.Assign ? 2 : 0;
            if (count > maxDeclarations)
            {
                TemplateToken variable = cursor.Peek(0)!.Value;
                throw Error(variable.Position, context, maxDeclarations == 0
                    ? $"variables cannot be declared in a {context}"
                    : $"too many declarations in {context}");
            }

            for (int i = 0; i < count; i++)
            {
                TemplateToken variable = cursor.Next();
                declarations.Add(variable.Text);
                TemplateToken separator = cursor.Next();
                isAssignment = separator.Kind == TemplateTokenKind.Assign;
                if (isAssignment && !_variables.Contains(variable.Text))
                {
                    throw Error(variable.Position, variable.Text, $"undefined variable \"{variable.Text}\"");
                }
            }
        }

        var rawCommands = new List<(TemplatePosition Position, List<ExpressionNode> Arguments)>();
        while (true)
        {
            TemplatePosition commandPosition = cursor.Peek(0)?.Position ?? cursor.Position;
            List<ExpressionNode> arguments = ParseCommandArguments(cursor, inParentheses);
            if (arguments.Count == 0)
            {
                throw Error(commandPosition, context, $"missing value for {context}");
            }

            rawCommands.Add((commandPosition, arguments));
            if (cursor.Peek(0)?.Kind != TemplateTokenKind.Pipe)
            {
                break;
            }

            cursor.Next();
        }

        var commands = new List<CommandNode>(rawCommands.Count);
        for (int i = 0; i < rawCommands.Count; i++)
        {
            commands.Add(BuildCommand(rawCommands[i].Position, rawCommands[i].Arguments, piped: i > 0));
        }

        if (!isAssignment)
        {
            _variables.AddRange(declarations);
        }

        return new PipelineNode(position, declarations, isAssignment, commands);
    }

    private List<ExpressionNode> ParseCommandArguments(TokenCursor cursor, bool inParentheses)
    {
        var arguments = new List<ExpressionNode>();
        while (cursor.Peek(0) is TemplateToken token)
        {
            if (token.Kind == TemplateTokenKind.Pipe)
            {
                break;
            }

            if (token.Kind == TemplateTokenKind.RightParen)
            {
                if (inParentheses)
                {
                    break;
                }

                throw Error(token.Position, ")", "unexpected right parenthesis");
            }

            arguments.Add(ParseOperand(cursor));
        }

        return arguments;
    }

    private CommandNode BuildCommand(TemplatePosition position, List<ExpressionNode> arguments, bool piped)
    {
        ExpressionNode first = arguments[0];
        if (first is not FunctionNode function)
        {
            if (piped)
            {
                throw Error(first.Position, first.Text, $"cannot pipe a value into \"{first.Text}\": it is not a function");
            }

            if (arguments.Count > 1)
            {
                throw Error(arguments[1].Position, first.Text, $"cannot give arguments to \"{first.Text}\": it is not a function");
            }

            if (first is LiteralNode { Value: null })
            {
                throw Error(first.Position, "nil", "nil is not a command");
            }

            return new CommandNode(position, arguments, null);
        }

        for (int i = 1; i < arguments.Count; i++)
        {
            if (arguments[i] is FunctionNode { Function.MinArguments: > 0 } nested)
            {
                throw Error(nested.Position, nested.Text, $"function \"{nested.Text}\" needs arguments here; wrap the call in parentheses");
            }
        }

        int given = arguments.Count - 1 + (piped ? 1 : 0);
        TemplateFunction definition = function.Function;
        if (given < definition.MinArguments || (definition.MaxArguments >= 0 && given > definition.MaxArguments))
        {
            string want = definition.MaxArguments == definition.MinArguments
                ? definition.MinArguments.ToString(CultureInfo.InvariantCulture)
                : definition.MaxArguments < 0
                    ? string.Create(CultureInfo.InvariantCulture, $"at least {definition.MinArguments}")
                    : string.Create(CultureInfo.InvariantCulture, $"{definition.MinArguments} to {definition.MaxArguments}");
            throw Error(function.Position, definition.Name, string.Create(CultureInfo.InvariantCulture,
                $"wrong number of arguments for \"{definition.Name}\": want {want}, got {given}"));
        }

        TemplateSecretRequest? staticSecret = null;
        if (definition.Name == TemplateFunctions.SecretFunctionName)
        {
            staticSecret = TryStaticSecret(arguments, piped);
            if (staticSecret is TemplateSecretRequest request)
            {
                if (_seen.Add(request))
                {
                    _dependencies.Add(request);
                }
            }
            else
            {
                _hasDynamicDependencies = true;
            }
        }

        return new CommandNode(position, arguments, staticSecret);
    }

    private TemplateSecretRequest? TryStaticSecret(List<ExpressionNode> arguments, bool piped)
    {
        if (piped)
        {
            return null;
        }

        var values = new string[arguments.Count - 1];
        for (int i = 1; i < arguments.Count; i++)
        {
            if (arguments[i] is not LiteralNode { Value: string value })
            {
                return null;
            }

            values[i - 1] = value;
        }

        try
        {
            return TemplateFunctions.CreateSecretRequest(values);
        }
        catch (TemplateFunctionException ex)
        {
            throw Error(arguments[0].Position, TemplateFunctions.SecretFunctionName, ex.Message);
        }
    }

    private ExpressionNode ParseOperand(TokenCursor cursor)
    {
        TemplateToken token = cursor.Next();
        ExpressionNode operand;
        var fields = new List<string>();
        switch (token.Kind)
        {
            case TemplateTokenKind.Identifier:
                if (token.Text is "if" or "else" or "end" or "range" or "with" or "define" or "template" or "block" or "break" or "continue")
                {
                    throw Error(token.Position, token.Text, $"unexpected keyword \"{token.Text}\" inside an action");
                }

                if (!TemplateFunctions.TryGet(_functions, token.Text, out TemplateFunction? function))
                {
                    throw Error(token.Position, token.Text, $"unsupported function \"{token.Text}\"");
                }

                operand = new FunctionNode(token.Position, function);
                break;
            case TemplateTokenKind.Field:
                operand = new DotNode(token.Position);
                fields.Add((string)token.Value!);
                break;
            case TemplateTokenKind.Variable:
                if (!_variables.Contains(token.Text))
                {
                    throw Error(token.Position, token.Text, $"undefined variable \"{token.Text}\"");
                }

                operand = new VariableNode(token.Position, token.Text);
                break;
            case TemplateTokenKind.Dot:
                operand = new DotNode(token.Position);
                break;
            case TemplateTokenKind.String:
            case TemplateTokenKind.Number:
            case TemplateTokenKind.Bool:
            case TemplateTokenKind.Nil:
                operand = new LiteralNode(token.Position, token.Text, token.Value);
                break;
            case TemplateTokenKind.LeftParen:
                using (Nest(token))
                {
                    operand = new ParenthesizedNode(token.Position, ParsePipeline(cursor, "parenthesized pipeline", maxDeclarations: 0, inParentheses: true));
                }

                if (cursor.Peek(0)?.Kind != TemplateTokenKind.RightParen)
                {
                    throw Error(token.Position, "(", "unclosed left parenthesis");
                }

                cursor.Next();
                break;
            default:
                throw Error(token.Position, token.Text, $"unexpected \"{token.Text}\" in operand");
        }

        while (cursor.Peek(0) is { Kind: TemplateTokenKind.Field, SpaceBefore: false } field)
        {
            cursor.Next();
            fields.Add((string)field.Value!);
        }

        if (fields.Count == 0)
        {
            return operand;
        }

        if (operand is FunctionNode or LiteralNode)
        {
            throw Error(token.Position, token.Text, $"cannot read a field of \"{token.Text}\"");
        }

        string text = (operand is DotNode ? string.Empty : operand.Text) + "." + string.Join('.', fields);
        return new ChainNode(token.Position, text, operand, fields);
    }

    private NestingScope Nest(TemplateToken token)
    {
        if (++_nesting > MaxNesting)
        {
            throw Error(token.Position, token.Text, string.Create(CultureInfo.InvariantCulture, $"nesting deeper than {MaxNesting} levels"));
        }

        return new NestingScope(this);
    }

    private TemplateParseException Error(TemplatePosition position, string construct, string reason) =>
        new(_name, position.Line, position.Column, construct, reason);

    /// <summary>Leaves one nesting level when disposed.</summary>
    private readonly struct NestingScope(TemplateParser parser) : IDisposable
    {
        public void Dispose() => parser._nesting--;
    }

    /// <summary>Reads the tokens of one action from a start index.</summary>
    private sealed class TokenCursor(IReadOnlyList<TemplateToken> tokens, int start, TemplatePosition actionPosition)
    {
        private int _next = start;

        /// <summary>Gets the position of the next token, or of the action when none is left.</summary>
        public TemplatePosition Position => _next < tokens.Count ? tokens[_next].Position : actionPosition;

        public TemplateToken? Peek(int ahead) => _next + ahead < tokens.Count ? tokens[_next + ahead] : null;

        public TemplateToken Next() => tokens[_next++];
    }
}
