// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Templates;

/// <summary>Raised inside a template function; the evaluator adds the template name and position. Messages never hold secret values.</summary>
internal sealed class TemplateFunctionException(string message) : Exception(message);
