// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>Typed access to a request's data fields with Vault's lenient conversions (framework.FieldData).</summary>
/// <remarks>Comma-string slices accept a JSON array or "a,b"; durations accept seconds or "1h30m"; bools accept "true".</remarks>
internal sealed class RequestFields
{
    private readonly JsonObject _data;

    public RequestFields(JsonObject? data)
    {
        _data = data ?? new JsonObject();
    }

    /// <summary>Gets the underlying data object.</summary>
    public JsonObject Data => _data;

    /// <summary>Returns whether the request sent the field at all.</summary>
    public bool Has(string name) => _data.TryGetPropertyValue(name, out JsonNode? node) && node is not null;

    /// <summary>Returns the field as a string, or <paramref name="defaultValue"/> when absent.</summary>
    public string? GetString(string name, string? defaultValue = null)
    {
        if (!_data.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return defaultValue;
        }

        JsonElement element = ToElement(node);
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => throw Invalid(name),
        };
    }

    /// <summary>Returns the field as a list of strings (JSON array or comma-separated string), or <see langword="null"/> when absent.</summary>
    public IReadOnlyList<string>? GetStringList(string name)
    {
        if (!_data.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return null;
        }

        if (node is JsonArray array)
        {
            var items = new List<string>(array.Count);
            foreach (JsonNode? item in array)
            {
                if (item is JsonValue value && value.TryGetValue(out string? text))
                {
                    items.Add(text.Trim());
                }
                else
                {
                    throw Invalid(name);
                }
            }

            return items.Where(s => s.Length > 0).ToList();
        }

        string joined = GetString(name) ?? string.Empty;
        return joined.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Returns the field as a duration (seconds or Go duration string), or <paramref name="defaultValue"/> when absent.</summary>
    public TimeSpan GetDuration(string name, TimeSpan defaultValue = default)
    {
        TimeSpan value = TimeSpan.Zero;
        if (!_data.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return defaultValue;
        }

        // Normalize first: nodes built in code (not parsed) hold CLR primitives the duration parser may not read.
        JsonElement element = ToElement(node);
        bool parsed = element.ValueKind switch
        {
            JsonValueKind.Number => Durations.TryParse(JsonValue.Create(element), out value),
            JsonValueKind.String => Durations.TryParse(element.GetString(), out value),
            _ => false,
        };
        if (!parsed || value < TimeSpan.Zero)
        {
            throw Invalid(name);
        }

        return value;
    }

    /// <summary>Returns the field as a boolean ("true"/"1" strings accepted), or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="FormatException">The value is not a boolean (the pipeline answers 400 with the message).</exception>
    public bool GetBool(string name, bool defaultValue = false) => JsonFields.Bool(_data[name], name, defaultValue);

    /// <summary>Returns the field as an integer ("3" strings accepted), or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="FormatException">The value is not an integer (the pipeline answers 400 with the message).</exception>
    public int GetInt(string name, int defaultValue = 0) => JsonFields.Int(_data[name], name, defaultValue);

    private static JsonElement ToElement(JsonNode node)
    {
        if (node is JsonValue value && value.TryGetValue(out JsonElement element))
        {
            return element;
        }

        using JsonDocument document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static VaultRequestException Invalid(string name) =>
        new VaultRequestException($"error converting input for field \"{name}\": invalid value");
}
