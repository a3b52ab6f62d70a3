// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Vault.Kubernetes.Templates;

/// <summary>A piece of the lexed template: literal text (already trimmed by <c>{{-</c>/<c>-}}</c>) or one action's tokens.</summary>
internal sealed class TemplateSegment
{
    private TemplateSegment(string? text, IReadOnlyList<TemplateToken>? tokens, TemplatePosition position)
    {
        Text = text;
        Tokens = tokens;
        Position = position;
    }

    /// <summary>Gets the literal text, or <see langword="null"/> for an action.</summary>
    public string? Text { get; }

    /// <summary>Gets the action's tokens, or <see langword="null"/> for text.</summary>
    public IReadOnlyList<TemplateToken>? Tokens { get; }

    /// <summary>Gets the position of the text start or of the action's left delimiter.</summary>
    public TemplatePosition Position { get; }

    public static TemplateSegment ForText(string text, TemplatePosition position) => new(text, null, position);

    public static TemplateSegment ForAction(IReadOnlyList<TemplateToken> tokens, TemplatePosition position) => new(null, tokens, position);
}
