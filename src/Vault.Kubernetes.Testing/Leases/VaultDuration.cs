// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>Parses and formats durations the way Vault does (integer seconds or Go duration strings such as "1h30m").</summary>
internal static class VaultDuration
{
    /// <summary>Parses a duration given as integer seconds ("3600", 3600) or a Go duration string ("1h", "90s", "1h30m").</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        double totalSeconds = 0;
        int i = 0;
        bool negative = false;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i = 1;
        }

        if (i >= text.Length)
        {
            return false;
        }

        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
            {
                return false;
            }

            int unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            double factor = text[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => double.NaN,
            };
            if (double.IsNaN(factor))
            {
                return false;
            }

            totalSeconds += number * factor;
        }

        value = TimeSpan.FromSeconds(negative ? -totalSeconds : totalSeconds);
        return true;
    }

    /// <summary>Reads a duration from a JSON value (number of seconds or duration string).</summary>
    public static bool TryParse(JsonElement element, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        return element.ValueKind switch
        {
            JsonValueKind.Number when element.TryGetInt64(out long seconds) => Assign(TimeSpan.FromSeconds(seconds), out value),
            JsonValueKind.Number => Assign(TimeSpan.FromSeconds(element.GetDouble()), out value),
            JsonValueKind.String => TryParse(element.GetString(), out value),
            _ => false,
        };
    }

    /// <summary>Formats a duration like Vault's warnings do: Go duration text without zero trailing units ("1h", "8m20s", "775h56m31s").</summary>
    public static string Format(TimeSpan duration)
    {
        long total = (long)Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero);
        if (total == 0)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (total < 0)
        {
            builder.Append('-');
            total = -total;
        }

        long hours = total / 3600;
        long minutes = total % 3600 / 60;
        long seconds = total % 60;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (minutes > 0 || (hours > 0 && seconds > 0))
        {
            builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        if (seconds > 0)
        {
            builder.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
        }

        return builder.ToString();
    }

    /// <summary>Formats an instant as Go's RFC 3339 with nanoseconds (trailing fractional zeros trimmed), as Vault emits times.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Whole seconds of a duration, truncated toward zero, never negative.</summary>
    public static long WholeSeconds(TimeSpan duration) => duration <= TimeSpan.Zero ? 0 : (long)duration.TotalSeconds;

    private static bool Assign(TimeSpan source, out TimeSpan value)
    {
        value = source;
        return true;
    }
}
