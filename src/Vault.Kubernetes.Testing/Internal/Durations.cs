// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Parses Vault duration inputs (integer seconds or Go duration strings) and formats Go-style durations.</summary>
internal static class Durations
{
    /// <summary>Parses a JSON value holding seconds (number or numeric string) or a Go duration ("1h30m", "90s").</summary>
    /// <returns><see langword="false"/> when the value is present but malformed.</returns>
    public static bool TryParse(JsonNode? node, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue jsonValue)
        {
            if (jsonValue.GetValueKind() == JsonValueKind.Number)
            {
                // Parse the JSON text: a JsonValue built from an int does not convert to long through TryGetValue.
                string number = jsonValue.ToJsonString();
                if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                {
                    value = TimeSpan.FromSeconds(seconds);
                    return true;
                }

                return false;
            }

            if (jsonValue.TryGetValue(out string? text))
            {
                return TryParse(text, out value);
            }
        }

        return false;
    }

    /// <summary>Parses integer seconds or a Go duration string (units h, m, s, ms; "d" accepted as Vault does).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        text = text.Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        double total = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i ||
                !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
            {
                return false;
            }

            int unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            double factor = text[unitStart..i] switch
            {
                "d" => 86400,
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 0.001,
                _ => -1,
            };
            if (factor < 0)
            {
                return false;
            }

            total += amount * factor;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>Formats like Go's time.Duration.String for whole seconds ("768h0m0s", "8m20s", "0s").</summary>
    public static string GoString(TimeSpan duration)
    {
        long seconds = (long)Math.Floor(duration.TotalSeconds);
        if (seconds == 0)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (seconds < 0)
        {
            builder.Append('-');
            seconds = -seconds;
        }

        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return builder.Append(secs.ToString(CultureInfo.InvariantCulture)).Append('s').ToString();
    }

    /// <summary>Formats like Vault's humanDuration: the Go string without trailing zero units ("1h", "8m20s").</summary>
    public static string Human(TimeSpan duration)
    {
        string text = GoString(duration);
        if (text == "0s")
        {
            return text;
        }

        if (text.EndsWith("m0s", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        int index = text.IndexOf("h0m", StringComparison.Ordinal);
        if (index > 0)
        {
            text = text[..(index + 1)] + text[(index + 3)..];
        }

        return text;
    }

    /// <summary>Whole seconds, as Vault reports TTLs.</summary>
    public static long Seconds(TimeSpan duration) => (long)Math.Floor(duration.TotalSeconds);
}
