#!/usr/bin/env bash
# Prints, for each folder of Vault.Kubernetes.Core, the other folders (namespaces) of ours it imports.
# Folders should point one way (ARCHITECTURE.md): Http imports nothing of ours.
set -euo pipefail
cd "$(dirname "$0")/../src/Vault.Kubernetes.Core"
for dir in */; do
  case $dir in bin/|obj/) continue ;; esac
  folder=${dir%/}
  [ -n "$(find "$folder" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ] || continue
  imports=$(grep -rhoE '^using Vault\.Kubernetes\.[A-Za-z]+' --include='*.cs' "$folder" | sed 's/^using Vault\.Kubernetes\.//' \
    | grep -vx "$folder" | sort -u | paste -sd ' ' - || true)
  echo "$folder -> ${imports:-(nothing of ours)}"
done
