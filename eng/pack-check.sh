#!/usr/bin/env bash
# Packs every shipped library (src/*) and checks what a consumer gets: each package with its README, license, repository and
# description, its symbols package, no warnings (they are errors here); then a fresh minimal-API app restored from the packed
# folder (beside the repository's own package sources) builds against Vault.Kubernetes.Configuration.
# Usage: bash eng/pack-check.sh      (CI runs it from .ci/run; exit code non-zero on any problem)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "pack check: $*" >&2; exit 1; }

# A version of its own, so a package of the same version in the NuGet cache cannot stand in for the one packed now.
suffix="packcheck.$(date +%s)"
version="$(dotnet msbuild src/Vault.Kubernetes.Core/Vault.Kubernetes.Core.csproj -getProperty:VersionPrefix)-$suffix"
out="$work/packages"
for project in src/*/*.csproj; do
  dotnet pack "$project" -c Release -o "$out" -p:VersionSuffix="$suffix" -warnaserror -nologo -v quiet >"$work/pack.log" 2>&1 \
    || { cat "$work/pack.log"; fail "packing $project failed (warnings are errors)"; }
done

for project in src/*/*.csproj; do
  name=$(basename "$project" .csproj)
  package="$out/$name.$version.nupkg"
  [ -f "$package" ] || fail "$name: no $package"
  [ -f "$out/$name.$version.snupkg" ] || fail "$name: no symbols package"
  entries=$(unzip -Z1 "$package")   # a variable, not a pipe: grep -q closing it early would fail the pipeline under pipefail
  grep -qx 'README.md' <<<"$entries" || fail "$name: README.md is not in the package"
  nuspec=$(unzip -p "$package" "$name.nuspec")
  for needle in '<readme>README.md</readme>' '<license type="expression">MIT</license>' \
                '<repository type="git" url="https://github.com/vault-kubernetes/vault-kubernetes"' '<description>' '<projectUrl>'; do
    grep -qF "$needle" <<<"$nuspec" || fail "$name: the nuspec lacks $needle"
  done
  echo "pack check: $name $version (README, license, repository, symbols)"
done

# A fresh app, as a user would write it, restored from the packed folder.
app="$work/app"
mkdir -p "$app"
sed "s|<clear />|<clear />\n    <add key=\"packed\" value=\"$out\" />|" "$repo/nuget.config" >"$app/nuget.config"
cat >"$app/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Vault.Kubernetes.Configuration" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$app/Program.cs" <<'CS'
var builder = WebApplication.CreateBuilder(args);
builder.AddVaultKubernetes();
var app = builder.Build();
app.MapGet("/", (IConfiguration configuration) => configuration["Vault:Address"] ?? "no address");
app.Run();
CS
(cd "$app" && dotnet build -nologo -v quiet >"$work/app.log" 2>&1) || { cat "$work/app.log"; fail "a fresh app restored from the packed folder does not build"; }
echo "pack check: a fresh minimal-API app restored from the packed folder builds against Vault.Kubernetes.Configuration $version"
