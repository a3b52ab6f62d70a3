#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to that project's
# PublicAPI.Unshipped.txt, and drops the lines it reports as removed (RS0017). Review the diff after.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet build --no-incremental -p:TreatWarningsAsErrors=false "${1:-Vault.Kubernetes.slnx}" >"$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys, collections, os
adds = collections.defaultdict(set); removes = collections.defaultdict(set)
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"RS0016: Symbol '(.*)' is not part of the declared public API.*\[(.*\.csproj)\]", line)
    if m: adds[os.path.dirname(m.group(2))].add(m.group(1))
    m = re.search(r"RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found.*\[(.*\.csproj)\]", line)
    if m: removes[os.path.dirname(m.group(2))].add(m.group(1))
import glob
# Union merges can leave a line twice (RS0025): every project's file is rewritten de-duplicated and sorted.
projects = set(adds) | set(removes) | {os.path.dirname(os.path.abspath(p)) for p in glob.glob("src/*/PublicAPI.Unshipped.txt")}
for proj in projects:
    path = os.path.join(proj, "PublicAPI.Unshipped.txt")
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")] if os.path.exists(path) else ["#nullable enable"]
    body = [l for l in lines[1:] if l and l not in removes[proj]]
    body = sorted(set(body) | adds[proj], key=lambda s: s.replace("~", ""))
    open(path, "w", encoding="utf-8").write("\n".join([lines[0]] + body) + "\n")
    print(f"{path}: +{len(adds[proj])} -{len(removes[proj])}")
PY
rm -f "$log"
