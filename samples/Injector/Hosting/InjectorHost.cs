// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Injector.Admission;

namespace Vault.Kubernetes.Injector.Hosting;

/// <summary>Builds the webhook host: Kestrel on HTTPS only, <c>POST /mutate</c> and <c>GET /healthz</c>.</summary>
internal static class InjectorHost
{
    // An AdmissionReview carries one pod; 3 MiB is the API server's own request limit.
    private const int MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>Builds the application.</summary>
    /// <param name="args">The command line (configuration overrides such as <c>--Injector:Port=9443</c>).</param>
    /// <param name="configure">Lets tests add configuration or services before the host is built.</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddOptions<InjectorOptions>().BindConfiguration(InjectorOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InjectorOptions>, InjectorOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CertificateReloader>();
        builder.Services.AddSingleton(sp => new PodMutator(sp.GetRequiredService<IOptions<InjectorOptions>>().Value));
        builder.Services.AddSingleton<AdmissionReviewHandler>();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            int port = context.Configuration.GetValue($"{InjectorOptions.Section}:{nameof(InjectorOptions.Port)}", 8443);
            kestrel.ListenAnyIP(port, listen => listen.UseHttps(https =>
            {
                https.ServerCertificateSelector = (_, _) => kestrel.ApplicationServices.GetRequiredService<CertificateReloader>().Current;
            }));
        });

        WebApplication app = builder.Build();
        app.MapPost("/mutate", (RequestDelegate)MutateAsync);
        app.MapGet("/healthz", () => "ok");
        return app;
    }

    private static async Task MutateAsync(HttpContext context)
    {
        // vault-k8s requires application/json exactly; charset parameters are tolerated here.
        if (context.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("invalid content-type, expected application/json", context.RequestAborted);
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        (int status, string body) = context.RequestServices.GetRequiredService<AdmissionReviewHandler>().Handle(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        context.Response.StatusCode = status;
        context.Response.ContentType = status == StatusCodes.Status200OK ? "application/json" : "text/plain";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
