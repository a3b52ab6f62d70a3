// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>Manifests the tests apply: the VaultStaticSecret CRD (fields from the VSO reference), a custom resource and a Deployment.</summary>
public static class Manifests
{
    public const string CrdName = "vaultstaticsecrets.secrets.hashicorp.com";

    public const string VaultStaticSecretCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: vaultstaticsecrets.secrets.hashicorp.com
        spec:
          group: secrets.hashicorp.com
          scope: Namespaced
          names:
            kind: VaultStaticSecret
            listKind: VaultStaticSecretList
            plural: vaultstaticsecrets
            singular: vaultstaticsecret
          versions:
          - name: v1beta1
            served: true
            storage: true
            subresources:
              status: {}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  apiVersion: {type: string}
                  kind: {type: string}
                  metadata: {type: object}
                  spec:
                    type: object
                    required: [mount, path, type, destination]
                    properties:
                      vaultAuthRef: {type: string}
                      namespace: {type: string}
                      mount: {type: string}
                      path: {type: string}
                      version: {type: integer, minimum: 0}
                      type: {type: string, enum: [kv-v1, kv-v2]}
                      refreshAfter: {type: string}
                      hmacSecretData: {type: boolean, default: true}
                      destination:
                        type: object
                        required: [name]
                        properties:
                          name: {type: string}
                          create: {type: boolean, default: false}
                  status:
                    type: object
                    properties:
                      lastGeneration: {type: integer}
                      secretMAC: {type: string}
                      conditions:
                        type: array
                        items:
                          type: object
                          properties:
                            type: {type: string}
                            status: {type: string}
                            observedGeneration: {type: integer}
        """;

    public static string VaultStaticSecret(string name, string refreshAfter) => $$"""
        apiVersion: secrets.hashicorp.com/v1beta1
        kind: VaultStaticSecret
        metadata: {name: {{name}}}
        spec:
          type: kv-v2
          mount: secret
          path: web/config
          refreshAfter: {{refreshAfter}}
          destination: {name: {{name}}, create: true}
        """;

    public static string Deployment(string name, string envValue) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec:
              containers:
              - name: web
                image: nginx
                env: [{name: MODE, value: "{{{envValue}}}"}, {name: KEEP, value: "yes"}]
        """;

    /// <summary>The CRD as JSON, for clients that do not read YAML.</summary>
    public static JsonObject VaultStaticSecretCrdJson() => (JsonObject)JsonNode.Parse(CrdJson)!;

    private const string CrdJson = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"vaultstaticsecrets.secrets.hashicorp.com"},
         "spec":{"group":"secrets.hashicorp.com","scope":"Namespaced",
          "names":{"kind":"VaultStaticSecret","listKind":"VaultStaticSecretList","plural":"vaultstaticsecrets","singular":"vaultstaticsecret"},
          "versions":[{"name":"v1beta1","served":true,"storage":true,"subresources":{"status":{}},
           "schema":{"openAPIV3Schema":{"type":"object","properties":{
            "spec":{"type":"object","required":["mount","path","type","destination"],"properties":{
              "vaultAuthRef":{"type":"string"},"mount":{"type":"string"},"path":{"type":"string"},
              "version":{"type":"integer","minimum":0},"type":{"type":"string","enum":["kv-v1","kv-v2"]},
              "refreshAfter":{"type":"string"},"hmacSecretData":{"type":"boolean","default":true},
              "destination":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"create":{"type":"boolean","default":false}}}}},
            "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
        """;
}
