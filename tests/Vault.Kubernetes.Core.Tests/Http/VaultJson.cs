// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>Vault response bodies shaped as in reference/vault-http-api.md §1-7.</summary>
internal static class VaultJson
{
    public const string ClientToken = "hvs.CAESIJ-test-client-token-0123456789abcdef";
    public const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6YXBwLXNhIn0.c2lnbmF0dXJl";
    public const string SecretValue = "p@ss-very-secret-value";

    public const string EmptyErrors = """{"errors":[]}""";

    /// <summary>The mount lookup's answer for a KV version 2 mount at <c>secret/</c>.</summary>
    public const string KvV2Mount = """{"data":{"type":"kv","path":"secret/","options":{"version":"2"}}}""";

    public const string PermissionDeniedMultierror = """{"errors":["1 error occurred:\n\t* permission denied\n\n"]}""";

    public const string InvalidToken = """{"errors":["2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"]}""";

    public const string NoHandler = """{"errors":["no handler for route \"nomount/data/app\". route entry not found."]}""";

    public static string Login(long leaseDuration = 3600, string token = ClientToken) => $$$"""
        {"request_id":"0c9a-login","lease_id":"","renewable":false,"lease_duration":0,
         "data":null,"wrap_info":null,"warnings":null,"mount_type":"kubernetes",
         "auth":{"client_token":"{{{token}}}","accessor":"3kT0x1q9mZ2c7bN4vR8sL6pH",
           "policies":["app-read","default"],"token_policies":["app-read","default"],
           "metadata":{"role":"app","service_account_name":"app-sa","service_account_namespace":"payments",
                       "service_account_secret_name":"","service_account_uid":"6f1c2d3e-9a"},
           "lease_duration":{{{leaseDuration}}},"renewable":true,"entity_id":"d8f0-uuid","token_type":"service",
           "orphan":true,"mfa_requirement":null,"num_uses":0}}
        """;

    public static string KvV2(int version = 4, string deletionTime = "", bool destroyed = false, bool withData = true)
    {
        string data = withData ? "{\"username\":\"svc\",\"password\":\"" + SecretValue + "\",\"port\":5432,\"nested\":{\"a\":true}}" : "null";
        return """
            {"request_id":"req-kv2","lease_id":"","renewable":false,"lease_duration":0,
             "data":{"data":DATA,
                     "metadata":{"created_time":"2025-03-01T10:00:00.123456789Z","custom_metadata":{"owner":"team-a"},
                                 "deletion_time":"DELETION","destroyed":DESTROYED,"version":VERSION}},
             "wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}
            """
            .Replace("DATA", data, StringComparison.Ordinal)
            .Replace("DELETION", deletionTime, StringComparison.Ordinal)
            .Replace("DESTROYED", destroyed ? "true" : "false", StringComparison.Ordinal)
            .Replace("VERSION", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public const string KvV1 = """
        {"request_id":"req-kv1","lease_id":"","renewable":false,"lease_duration":2764800,
         "data":{"password":"p@ss-very-secret-value","user":"svc"},
         "wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}
        """;

    public const string DatabaseCreds = """
        {"request_id":"req-db","lease_id":"database/creds/readonly/Xq3Zp9LkT2wB7cVn4sRm8HjD",
         "renewable":true,"lease_duration":3600,
         "data":{"username":"v-k8s-readonly-Ab12Cd34","password":"p@ss-very-secret-value"},
         "wrap_info":null,"warnings":null,"auth":null,"mount_type":"database"}
        """;
}
