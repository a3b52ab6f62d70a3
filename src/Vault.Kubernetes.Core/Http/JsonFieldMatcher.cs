// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Vault.Kubernetes.Http;

/// <summary>Finds which of a fixed set of field names a JSON property has, expecting them in the order Vault writes them.</summary>
/// <remarks>
/// Vault (Go's encoding/json over structs) always writes an object's keys in the same order. Trying the field after
/// the last one matched first makes the common case one name comparison per property, where a chain of
/// <see cref="JsonProperty.NameEquals(System.ReadOnlySpan{byte})"/> checks cost about ten; keys in another order or
/// unknown keys still match correctly, just with more comparisons.
/// </remarks>
internal struct JsonFieldMatcher
{
    private readonly byte[][] _names;
    private int _next;

    /// <summary>Initializes a new instance of the <see cref="JsonFieldMatcher"/> struct.</summary>
    /// <param name="names">The UTF-8 field names, in the order the server writes them.</param>
    public JsonFieldMatcher(byte[][] names)
    {
        _names = names;
        _next = 0;
    }

    /// <summary>Returns the index of <paramref name="property"/>'s name in the field list, or -1 for a field not in it.</summary>
    public int Match(JsonProperty property)
    {
        byte[][] names = _names;
        for (int tried = 0, index = _next; tried < names.Length; tried++, index++)
        {
            if (index == names.Length)
            {
                index = 0;
            }

            if (property.NameEquals(names[index]))
            {
                _next = index + 1;
                return index;
            }
        }

        return -1;
    }
}
