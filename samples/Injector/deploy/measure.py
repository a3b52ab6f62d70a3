#!/usr/bin/env python3
"""Admission latency and RSS of a running injector: N reviews over one keep-alive HTTPS connection.

usage: measure.py <pid> <port> [count]   (the injector must serve a certificate for 127.0.0.1; verification is off)
"""
import base64, http.client, json, ssl, sys, time

pid, port = int(sys.argv[1]), int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
pod = {
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "app", "namespace": "shop", "annotations": {
        "vault.hashicorp.com/agent-inject": "true", "vault.hashicorp.com/role": "app",
        "vault.hashicorp.com/agent-inject-secret-config": "secret/data/app",
        "vault.hashicorp.com/agent-inject-secret-db": "database/creds/app",
        "vault.hashicorp.com/agent-inject-template-db": "{{ with secret \"database/creds/app\" }}{{ .Data.username }}{{ end }}"}},
    "spec": {"volumes": [{"name": "kube-api-access-x", "projected": {"sources": []}}],
             "containers": [{"name": "app", "image": "busybox", "volumeMounts": [
                 {"name": "kube-api-access-x", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": True}]}]}}
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
conn = http.client.HTTPSConnection("127.0.0.1", port, context=context)
times = []
for i in range(count + 50):
    body = json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": f"uid-{i}", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "namespace": "shop",
        "operation": "CREATE", "object": pod}})
    start = time.perf_counter()
    conn.request("POST", "/mutate", body, {"Content-Type": "application/json"})
    answer = json.loads(conn.getresponse().read())
    elapsed = time.perf_counter() - start
    assert answer["response"]["uid"] == f"uid-{i}" and answer["response"]["patchType"] == "JSONPatch"
    if i >= 50:  # the first 50 warm up (TLS, JIT of the non-AOT build)
        times.append(elapsed * 1000)
times.sort()
rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS:"))
print(f"reviews={count} p50={times[len(times)//2]:.3f}ms p99={times[int(len(times)*0.99)-1]:.3f}ms max={times[-1]:.3f}ms rss={rss/1024:.1f}MiB")
