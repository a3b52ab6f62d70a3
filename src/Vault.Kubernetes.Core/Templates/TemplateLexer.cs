// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Vault.Kubernetes.Templates;

/// <summary>Splits template source into text and action tokens, following Go <c>text/template</c> lexing rules.</summary>
/// <remarks>
/// Trim markers are applied here: <c>{{- </c> removes the whitespace before the action and <c> -}}</c> the whitespace
/// after it (the space next to the dash is required, so <c>{{-3}}</c> is the number -3). Comments <c>{{/* */}}</c>
/// produce no segment.
/// </remarks>
internal sealed class TemplateLexer
{
    private readonly string _source;
    private readonly string _name;
    private readonly string _left;
    private readonly string _right;
    private readonly List<int> _lineStarts = [0];
    private readonly List<TemplateSegment> _segments = [];
    private int _pos;

    private TemplateLexer(string source, string name, string left, string right)
    {
        _source = source;
        _name = name;
        _left = left;
        _right = right;
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static List<TemplateSegment> Lex(string source, string name, string left, string right)
    {
        var lexer = new TemplateLexer(source, name, left, right);
        lexer.Run();
        return lexer._segments;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private void Run()
    {
        bool trimNextText = false;
        while (_pos <= _source.Length)
        {
            int actionStart = _source.IndexOf(_left, _pos, StringComparison.Ordinal);
            int textEnd = actionStart < 0 ? _source.Length : actionStart;
            bool trimLeft = actionStart >= 0 &&
                actionStart + _left.Length + 1 < _source.Length &&
                _source[actionStart + _left.Length] == '-' &&
                IsSpace(_source[actionStart + _left.Length + 1]);

            int textStart = _pos;
            if (trimNextText)
            {
                while (textStart < textEnd && IsSpace(_source[textStart]))
                {
                    textStart++;
                }
            }

            int trimmedEnd = textEnd;
            if (trimLeft)
            {
                while (trimmedEnd > textStart && IsSpace(_source[trimmedEnd - 1]))
                {
                    trimmedEnd--;
                }
            }

            if (trimmedEnd > textStart)
            {
                _segments.Add(TemplateSegment.ForText(_source[textStart..trimmedEnd], PositionOf(textStart)));
            }

            if (actionStart < 0)
            {
                return;
            }

            _pos = actionStart + _left.Length + (trimLeft ? 2 : 0);
            trimNextText = LexAction(actionStart);
        }
    }

    /// <summary>Lexes one action whose left delimiter starts at <paramref name="actionStart"/>; returns whether it ended with a right trim marker.</summary>
    private bool LexAction(int actionStart)
    {
        TemplatePosition actionPosition = PositionOf(actionStart);
        int afterSpace = SkipSpace(_pos);
        if (string.CompareOrdinal(_source, afterSpace, "/*", 0, 2) == 0)
        {
            return LexComment(afterSpace, actionPosition);
        }

        var tokens = new List<TemplateToken>();
        bool spaceBefore = true;
        while (true)
        {
            if (_pos >= _source.Length)
            {
                throw Error(actionPosition, _left, "unclosed action");
            }

            char c = _source[_pos];
            if (IsSpace(c))
            {
                int next = SkipSpace(_pos);
                if (next < _source.Length && _source[next] == '-' && string.CompareOrdinal(_source, next + 1, _right, 0, _right.Length) == 0)
                {
                    _pos = next + 1 + _right.Length;
                    _segments.Add(TemplateSegment.ForAction(tokens, actionPosition));
                    return true;
                }

                _pos = next;
                spaceBefore = true;
                continue;
            }

            if (string.CompareOrdinal(_source, _pos, _right, 0, _right.Length) == 0)
            {
                _pos += _right.Length;
                _segments.Add(TemplateSegment.ForAction(tokens, actionPosition));
                return false;
            }

            tokens.Add(LexToken(spaceBefore));
            spaceBefore = false;
        }
    }

    private bool LexComment(int commentStart, TemplatePosition actionPosition)
    {
        int end = _source.IndexOf("*/", commentStart + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error(PositionOf(commentStart), "comment", "unclosed comment");
        }

        int after = end + 2;
        int next = SkipSpace(after);
        if (next > after && next < _source.Length && _source[next] == '-' &&
            string.CompareOrdinal(_source, next + 1, _right, 0, _right.Length) == 0)
        {
            _pos = next + 1 + _right.Length;
            return true;
        }

        if (string.CompareOrdinal(_source, next, _right, 0, _right.Length) == 0)
        {
            _pos = next + _right.Length;
            return false;
        }

        throw Error(actionPosition, "comment", "comment ends before closing delimiter");
    }

    private TemplateToken LexToken(bool spaceBefore)
    {
        int start = _pos;
        TemplatePosition position = PositionOf(start);
        char c = _source[start];
        switch (c)
        {
            case '|':
                _pos++;
                return new TemplateToken(TemplateTokenKind.Pipe, "|", null, position, spaceBefore);
            case '(':
                _pos++;
                return new TemplateToken(TemplateTokenKind.LeftParen, "(", null, position, spaceBefore);
            case ')':
                _pos++;
                return new TemplateToken(TemplateTokenKind.RightParen, ")", null, position, spaceBefore);
            case ',':
                _pos++;
                return new TemplateToken(TemplateTokenKind.Comma, ",", null, position, spaceBefore);
            case '=':
                _pos++;
                return new TemplateToken(TemplateTokenKind.Assign, "=", null, position, spaceBefore);
            case ':' when Peek(start + 1) == '=':
                _pos += 2;
                return new TemplateToken(TemplateTokenKind.Declare, ":=", null, position, spaceBefore);
            case '"':
                return LexQuoted(position, spaceBefore);
            case '`':
                return LexRaw(position, spaceBefore);
            case '\'':
                return LexChar(position, spaceBefore);
            case '$':
                _pos++;
                while (_pos < _source.Length && IsAlphaNumeric(_source[_pos]))
                {
                    _pos++;
                }

                return new TemplateToken(TemplateTokenKind.Variable, _source[start.._pos], null, position, spaceBefore);
            case '.' when Peek(start + 1) is char d && char.IsAsciiDigit(d):
                return LexNumber(position, spaceBefore);
            case '.':
                _pos++;
                if (_pos < _source.Length && IsAlphaNumeric(_source[_pos]))
                {
                    while (_pos < _source.Length && IsAlphaNumeric(_source[_pos]))
                    {
                        _pos++;
                    }

                    return new TemplateToken(TemplateTokenKind.Field, _source[start.._pos], _source[(start + 1).._pos], position, spaceBefore);
                }

                return new TemplateToken(TemplateTokenKind.Dot, ".", null, position, spaceBefore);
            default:
                break;
        }

        if (char.IsAsciiDigit(c) || ((c is '+' or '-') && Peek(start + 1) is char n && (char.IsAsciiDigit(n) || n == '.')))
        {
            return LexNumber(position, spaceBefore);
        }

        if (c == '_' || char.IsLetter(c))
        {
            while (_pos < _source.Length && IsAlphaNumeric(_source[_pos]))
            {
                _pos++;
            }

            string word = _source[start.._pos];
            return word switch
            {
                "true" => new TemplateToken(TemplateTokenKind.Bool, word, true, position, spaceBefore),
                "false" => new TemplateToken(TemplateTokenKind.Bool, word, false, position, spaceBefore),
                "nil" => new TemplateToken(TemplateTokenKind.Nil, word, null, position, spaceBefore),
                _ => new TemplateToken(TemplateTokenKind.Identifier, word, null, position, spaceBefore),
            };
        }

        string shown = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
        throw Error(position, shown, $"unexpected character \"{shown}\" in action");
    }

    private TemplateToken LexQuoted(TemplatePosition position, bool spaceBefore)
    {
        int start = _pos;
        var value = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _source.Length || _source[_pos] == '\n')
            {
                throw Error(position, "string", "unterminated quoted string");
            }

            char c = _source[_pos];
            if (c == '"')
            {
                _pos++;
                return new TemplateToken(TemplateTokenKind.String, _source[start.._pos], value.ToString(), position, spaceBefore);
            }

            if (c == '\\')
            {
                ReadEscape(value, '"', position);
                continue;
            }

            value.Append(c);
            _pos++;
        }
    }

    private TemplateToken LexRaw(TemplatePosition position, bool spaceBefore)
    {
        int end = _source.IndexOf('`', _pos + 1);
        if (end < 0)
        {
            throw Error(position, "string", "unterminated raw quoted string");
        }

        // Go drops carriage returns from raw strings so CRLF sources render like LF ones.
        string value = _source[(_pos + 1)..end].Replace("\r", string.Empty, StringComparison.Ordinal);
        string text = _source[_pos..(end + 1)];
        _pos = end + 1;
        return new TemplateToken(TemplateTokenKind.String, text, value, position, spaceBefore);
    }

    private TemplateToken LexChar(TemplatePosition position, bool spaceBefore)
    {
        int start = _pos;
        var value = new StringBuilder();
        _pos++;
        if (_pos < _source.Length && _source[_pos] == '\\')
        {
            ReadEscape(value, '\'', position);
        }
        else if (_pos < _source.Length && _source[_pos] is not ('\'' or '\n'))
        {
            int length = char.IsHighSurrogate(_source[_pos]) && _pos + 1 < _source.Length && char.IsLowSurrogate(_source[_pos + 1]) ? 2 : 1;
            value.Append(_source, _pos, length);
            _pos += length;
        }

        if (value.Length == 0 || (value.Length == 1 && char.IsSurrogate(value[0])) || _pos >= _source.Length || _source[_pos] != '\'')
        {
            throw Error(position, "character", "malformed character constant");
        }

        _pos++;
        long rune = char.ConvertToUtf32(value.ToString(), 0);
        return new TemplateToken(TemplateTokenKind.Number, _source[start.._pos], rune, position, spaceBefore);
    }

    private void ReadEscape(StringBuilder value, char quote, TemplatePosition position)
    {
        char e = Peek(_pos + 1) ?? '\0';
        _pos += 2;
        switch (e)
        {
            case 'a': value.Append('\a'); return;
            case 'b': value.Append('\b'); return;
            case 'f': value.Append('\f'); return;
            case 'n': value.Append('\n'); return;
            case 'r': value.Append('\r'); return;
            case 't': value.Append('\t'); return;
            case 'v': value.Append('\v'); return;
            case '\\': value.Append('\\'); return;
            case 'x': AppendCodePoint(value, ReadHex(2, position), position); return;
            case 'u': AppendCodePoint(value, ReadHex(4, position), position); return;
            case 'U': AppendCodePoint(value, ReadHex(8, position), position); return;
            default:
                break;
        }

        if (e == quote)
        {
            value.Append(quote);
            return;
        }

        if (e is >= '0' and <= '7' && _pos + 1 < _source.Length)
        {
            string octal = _source.Substring(_pos - 1, 3);
            _pos += 2;
            try
            {
                AppendCodePoint(value, Convert.ToInt32(octal, 8), position);
                return;
            }
            catch (FormatException)
            {
            }
        }

        throw Error(position, "string", "unknown escape sequence in string");
    }

    private int ReadHex(int digits, TemplatePosition position)
    {
        if (_pos + digits > _source.Length ||
            !int.TryParse(_source.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
        {
            throw Error(position, "string", "invalid hexadecimal escape in string");
        }

        _pos += digits;
        return code;
    }

    private void AppendCodePoint(StringBuilder value, int code, TemplatePosition position)
    {
        if (code < 0x80 || (code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)))
        {
            value.Append(char.ConvertFromUtf32(code));
            return;
        }

        throw Error(position, "string", "escape sequence is an invalid Unicode code point");
    }

    private TemplateToken LexNumber(TemplatePosition position, bool spaceBefore)
    {
        int start = _pos;
        if (_source[_pos] is '+' or '-')
        {
            _pos++;
        }

        while (_pos < _source.Length)
        {
            char c = _source[_pos];
            bool exponentSign = (c is '+' or '-') && _pos > start && _source[_pos - 1] is 'e' or 'E' or 'p' or 'P' &&
                !_source.AsSpan(start, _pos - start).Contains("0x", StringComparison.OrdinalIgnoreCase);
            if (IsAlphaNumeric(c) || c == '.' || exponentSign)
            {
                _pos++;
                continue;
            }

            break;
        }

        string text = _source[start.._pos];
        object? value = ParseNumber(text);
        if (value is null)
        {
            throw Error(position, text, $"bad number syntax: \"{text}\"");
        }

        return new TemplateToken(TemplateTokenKind.Number, text, value, position, spaceBefore);
    }

    private static object? ParseNumber(string text)
    {
        string digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
        bool negative = digits.StartsWith('-');
        string unsigned = digits.TrimStart('+', '-');
        if (unsigned.Length == 0)
        {
            return null;
        }

        (int radix, string body) = unsigned.Length > 1 && unsigned[0] == '0' ? char.ToLowerInvariant(unsigned[1]) switch
        {
            'x' => (16, unsigned[2..]),
            'o' => (8, unsigned[2..]),
            'b' => (2, unsigned[2..]),
            _ when unsigned.AsSpan().IndexOfAnyExcept("01234567") < 0 => (8, unsigned[1..]),
            _ => (10, unsigned),
        } : (10, unsigned);

        if (body.Length > 0 && (radix != 10 || body.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0))
        {
            try
            {
                long magnitude = Convert.ToInt64(body, radix);
                return negative ? -magnitude : magnitude;
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                return radix == 10 ? ParseFloat(digits) : null;
            }
        }

        return radix == 10 ? ParseFloat(digits) : null;
    }

    private static object? ParseFloat(string digits) =>
        double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : null;

    private char? Peek(int index) => index < _source.Length ? _source[index] : null;

    private int SkipSpace(int index)
    {
        while (index < _source.Length && IsSpace(_source[index]))
        {
            index++;
        }

        return index;
    }

    private TemplatePosition PositionOf(int offset)
    {
        int line = _lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new TemplatePosition(line + 1, offset - _lineStarts[line] + 1);
    }

    private TemplateParseException Error(TemplatePosition position, string construct, string reason) =>
        new(_name, position.Line, position.Column, construct, reason);
}
