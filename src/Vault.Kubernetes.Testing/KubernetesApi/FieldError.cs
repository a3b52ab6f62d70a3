// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>One cause of a 422 Invalid answer (<c>details.causes[]</c>).</summary>
/// <param name="Reason">The cause reason, for example <c>FieldValueRequired</c>.</param>
/// <param name="Field">The field path, for example <c>spec.mount</c>.</param>
/// <param name="Message">The text after the field path, for example <c>Required value</c>.</param>
internal sealed record FieldError(string Reason, string Field, string Message)
{
    public static FieldError Required(string field) => new("FieldValueRequired", field, "Required value");

    public static FieldError InvalidValue(string field, string detail) => new("FieldValueInvalid", field, "Invalid value: " + detail);

    public override string ToString() => Field + ": " + Message;
}
