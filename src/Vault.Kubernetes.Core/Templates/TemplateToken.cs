// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Templates;

internal enum TemplateTokenKind
{
    Identifier,
    Field,
    Variable,
    Dot,
    String,
    Number,
    Bool,
    Nil,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
}

/// <summary>One token inside an action; <see cref="Value"/> holds the decoded literal for strings, numbers and booleans.</summary>
internal readonly record struct TemplateToken(TemplateTokenKind Kind, string Text, object? Value, TemplatePosition Position, bool SpaceBefore);

/// <summary>A 1-based line and column in the template source.</summary>
internal readonly record struct TemplatePosition(int Line, int Column);
