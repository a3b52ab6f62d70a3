// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Reflection;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Polly;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>
/// The validator's limits cover Polly's: the NativeAOT hosts leave Polly's own options check out of their images
/// (eng/aot/Polly.Substitutions.xml), so every value accepted here must be one Polly accepts.
/// </summary>
public sealed class VaultClientOptionsValidatorTests
{
    public static TheoryData<int, double, double, double> Limits => new()
    {
        // MaxRetries, RetryDelay (ms), MaxRetryDelay (ms), Timeout (ms): each at the edge of what the validator accepts.
        { 1, 0, 0, VaultClientOptionsValidator.MinTimeout.TotalMilliseconds },
        { int.MaxValue, VaultClientOptionsValidator.MaxDelay.TotalMilliseconds, VaultClientOptionsValidator.MaxDelay.TotalMilliseconds, VaultClientOptionsValidator.MaxDelay.TotalMilliseconds },
        { 2, 0, VaultClientOptionsValidator.MaxDelay.TotalMilliseconds, VaultClientOptionsValidator.MinTimeout.TotalMilliseconds },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void Validate_ValueAtTheLimit_PollyBuildsItsPipelineToo(int maxRetries, double retryDelayMs, double maxRetryDelayMs, double timeoutMs)
    {
        // A supplied HttpClient without a timeout makes the attempt timeout Polly's; under the JIT Polly still runs its
        // DataAnnotations check when the client builds the pipeline, and throws ValidationException for a value it refuses.
        VaultClientOptions options = Options(maxRetries, retryDelayMs, maxRetryDelayMs, timeoutMs);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        using var client = new VaultClient(options, http);

        Assert.Equal(new Uri(TestClients.Address), client.Address);
    }

    [Theory]
    [InlineData(nameof(VaultClientOptions.RetryDelay))]
    [InlineData(nameof(VaultClientOptions.MaxRetryDelay))]
    [InlineData(nameof(VaultClientOptions.Timeout) + "Long")]
    [InlineData(nameof(VaultClientOptions.Timeout) + "Short")]
    public void Validate_JustBeyondPollysLimit_RefusedNamingOurProperty(string what)
    {
        VaultClientOptions options = Options(2, 500, 30_000, 30_000);
        TimeSpan tick = TimeSpan.FromTicks(1);
        switch (what)
        {
            case nameof(VaultClientOptions.RetryDelay):
                options.RetryDelay = VaultClientOptionsValidator.MaxDelay + tick;
                options.MaxRetryDelay = VaultClientOptionsValidator.MaxDelay + tick;
                break;
            case nameof(VaultClientOptions.MaxRetryDelay):
                options.MaxRetryDelay = VaultClientOptionsValidator.MaxDelay + tick;
                break;
            case "TimeoutLong":
                options.Timeout = VaultClientOptionsValidator.MaxDelay + tick;
                break;
            default:
                options.Timeout = VaultClientOptionsValidator.MinTimeout - tick;
                break;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var ex = Assert.Throws<OptionsValidationException>(() => new VaultClient(options, http));

        string property = what.StartsWith(nameof(VaultClientOptions.Timeout), StringComparison.Ordinal) ? nameof(VaultClientOptions.Timeout) : what;
        Assert.Contains($"{nameof(VaultClientOptions)}.{property} must be between", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PollySubstitution_NamesAMethodOfTheReferencedPolly()
    {
        // A NativeAOT publish fails (IL2009) when the substitution names nothing, but the test run publishes none: this
        // tells a Polly update that renames the method at once, naming the file to change.
        XElement assembly = XDocument.Load(Path.Join(AppContext.BaseDirectory, "Http", "Polly.Substitutions.xml")).Root!.Element("assembly")!;
        XElement type = assembly.Element("type")!;
        XElement method = type.Element("method")!;
        Assert.Equal(typeof(ResiliencePipelineBuilder).Assembly.GetName().Name, (string)assembly.Attribute("fullname")!);
        Assert.Equal("stub", (string)method.Attribute("body")!);

        Type? target = typeof(ResiliencePipelineBuilder).Assembly.GetType((string)type.Attribute("fullname")!);
        Assert.NotNull(target);
        string signature = (string)method.Attribute("signature")!;
        MethodInfo? match = target.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .SingleOrDefault(m => $"{m.ReturnType.FullName} {m.Name}({string.Join(",", m.GetParameters().Select(p => p.ParameterType.FullName))})" == signature);
        Assert.True(match is not null, $"Polly.Core has no {target.FullName}.{signature}; update eng/aot/Polly.Substitutions.xml.");
    }

    private static VaultClientOptions Options(int maxRetries, double retryDelayMs, double maxRetryDelayMs, double timeoutMs) => new()
    {
        Address = new Uri(TestClients.Address),
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(retryDelayMs),
        MaxRetryDelay = TimeSpan.FromMilliseconds(maxRetryDelayMs),
        Timeout = TimeSpan.FromMilliseconds(timeoutMs),
    };
}
