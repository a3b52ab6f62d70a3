// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>An HTTPS admission webhook on loopback whose answer a test decides; it records every review it received.</summary>
public sealed class FakeWebhook : IAsyncDisposable
{
    public const string ServiceHost = "hook.webhooks.svc";
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private FakeWebhook(WebApplication app, X509Certificate2 certificate, string caPem)
    {
        _app = app;
        _certificate = certificate;
        CaBundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
    }

    public string CaBundle { get; }

    public int Port { get; private set; }

    public List<JsonObject> Reviews { get; } = [];

    /// <summary>Maps the webhook Service's address (port 443) to this listener, as the dev server's test hook expects.</summary>
    public Uri Map(Uri uri) => uri.Host == ServiceHost && uri.Port == 443 ? new UriBuilder(uri) { Host = "127.0.0.1", Port = Port }.Uri : uri;

    public static async Task<FakeWebhook> StartAsync(Func<JsonObject, JsonObject> answer)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=webhook-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + ServiceHost, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServiceHost);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 leaf = request.Create(ca, now.AddMinutes(-5), now.AddHours(1), [9, 8, 7, 6]);
        X509Certificate2 certificate = leaf.CopyWithPrivateKey(key);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        WebApplication app = builder.Build();
        var webhook = new FakeWebhook(app, certificate, ca.ExportCertificatePem());
        app.MapPost("/mutate", async (HttpContext context) =>
        {
            var review = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            lock (webhook.Reviews)
            {
                webhook.Reviews.Add(review);
            }

            JsonObject response = answer(review);
            response["uid"] ??= review["request"]!["uid"]!.DeepClone();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response }.ToJsonString());
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        webhook.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return webhook;
    }

    public static string Patch(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    /// <summary>A MutatingWebhookConfiguration for Pod CREATE calling this webhook's Service.</summary>
    public JsonObject Configuration(string failurePolicy = "Fail", JsonObject? namespaceSelector = null, JsonObject? objectSelector = null, string? caBundle = null, int port = 443) => new()
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = "MutatingWebhookConfiguration",
        ["metadata"] = new JsonObject { ["name"] = "hook-" + Guid.NewGuid().ToString("N")[..8] },
        ["webhooks"] = new JsonArray((JsonNode)new JsonObject
        {
            ["name"] = "hook.example.com",
            ["admissionReviewVersions"] = new JsonArray("v1"),
            ["sideEffects"] = "None",
            ["failurePolicy"] = failurePolicy,
            ["clientConfig"] = new JsonObject
            {
                ["caBundle"] = caBundle ?? CaBundle,
                ["service"] = new JsonObject { ["name"] = "hook", ["namespace"] = "webhooks", ["path"] = "/mutate", ["port"] = port },
            },
            ["rules"] = new JsonArray((JsonNode)new JsonObject
            {
                ["operations"] = new JsonArray("CREATE"),
                ["apiGroups"] = new JsonArray(""),
                ["apiVersions"] = new JsonArray("v1"),
                ["resources"] = new JsonArray("pods"),
            }),
            ["namespaceSelector"] = namespaceSelector,
            ["objectSelector"] = objectSelector,
        }),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
        _certificate.Dispose();
    }
}
