// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;

namespace Vault.Kubernetes.Annotations;

/// <summary>Parses setting values the way the injector and Vault Agent do: Go booleans, Go durations (or whole seconds) and octal file modes.</summary>
internal static class SettingParser
{
    private const UnixFileMode AllPermissions = (UnixFileMode)0x1FF;

    /// <summary>Parses a boolean as Go's <c>strconv.ParseBool</c>: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a boolean.</returns>
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Parses a duration as Vault's <c>parseutil.ParseDurationSecond</c>: a Go duration (<c>1h30m</c>, <c>250ms</c>) or whole seconds.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a duration.</returns>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        bool negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        double ticks = 0;
        while (!s.IsEmpty)
        {
            int numberEnd = 0;
            while (numberEnd < s.Length && (char.IsAsciiDigit(s[numberEnd]) || s[numberEnd] == '.'))
            {
                numberEnd++;
            }

            if (numberEnd == 0 || !double.TryParse(s[..numberEnd], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
            {
                return false;
            }

            s = s[numberEnd..];
            int unitEnd = 0;
            while (unitEnd < s.Length && !char.IsAsciiDigit(s[unitEnd]) && s[unitEnd] != '.')
            {
                unitEnd++;
            }

            double unitTicks = s[..unitEnd] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (unitTicks < 0)
            {
                return false;
            }

            ticks += number * unitTicks;
            s = s[unitEnd..];
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>Parses an octal file mode such as <c>0440</c>, <c>440</c> or <c>0o640</c>; only permission bits (at most <c>0777</c>) are allowed.</summary>
    /// <param name="text">The text.</param>
    /// <param name="mode">The mode.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an octal permission mode.</returns>
    public static bool TryParseFileMode(string text, out UnixFileMode mode)
    {
        mode = UnixFileMode.None;
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
        }

        if (s.IsEmpty || s.Length > 4)
        {
            return false;
        }

        int value = 0;
        foreach (char c in s)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }

            value = (value * 8) + (c - '0');
        }

        if (value > (int)AllPermissions)
        {
            return false;
        }

        mode = (UnixFileMode)value;
        return true;
    }

    /// <summary>Formats a mode as four octal digits, for messages.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>For example <c>0640</c>.</returns>
    public static string FormatFileMode(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0');
}
