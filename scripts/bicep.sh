#!/usr/bin/env bash
# Compiles and lints the Azure templates in infra-bicep/ with the Bicep CLI, and fails on any
# diagnostic (error, warning or info), so the templates stay at zero warnings.
#
#   scripts/bicep.sh [outDir]        (default: .bicep-out)
#
# Writes <outDir>/main.json (the ARM template) and <outDir>/dev.json, <outDir>/prod.json (the
# parameter files). The Bicep CLI comes from NuGet (Azure.Bicep.CommandLine.<rid>, version
# BICEP_VERSION, default 0.49.2) and is kept in tools/bicep/<version>/; a second run reuses it.
# Needs only the .NET SDK and the NuGet feed.
#
# The parameter files read their secrets from the environment (see docs/operations.md). Here they
# are always built with placeholder values, so no real secret is ever written to <outDir>.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
version=${BICEP_VERSION:-0.49.2}
out=${1:-$root/.bicep-out}
mkdir -p "$out"
out=$(cd "$out" && pwd -P)

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64 | arm64) rid=linux-arm64 ;;
  *) echo "bicep: no Bicep CLI package for $(uname -m)" >&2; exit 1 ;;
esac
package="Azure.Bicep.CommandLine.$rid"
bicep="$root/tools/bicep/$version/bicep"

if [[ -x "$bicep" ]] && "$bicep" --version 2>/dev/null | grep -q "version $version "; then
  echo "bicep: using Bicep CLI $version in tools/bicep/$version"
else
  echo "bicep: installing Bicep CLI $version from NuGet ($package) into tools/bicep/$version"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # A throw-away project outside the repository (so Directory.*.props do not apply) that only downloads the package.
  cat > "$tmp/bicep-cli.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="$package" Version="[$version]" /></ItemGroup>
</Project>
PROJ
  dotnet restore "$tmp/bicep-cli.csproj" --packages "$tmp/packages" --nologo -v quiet
  lower=$(echo "$package" | tr '[:upper:]' '[:lower:]')
  mkdir -p "$(dirname "$bicep")"
  install -m 0755 "$tmp/packages/$lower/$version/tools/bicep" "$bicep.$$"
  mv -f "$bicep.$$" "$bicep" # atomic, should two runs install at once
  "$bicep" --version
fi

# Runs one bicep command; fails on a non-zero exit or any diagnostic line ("path(line,col) : Warning ...").
run() {
  local label=$1 log
  shift
  echo "bicep: $label"
  log=$("$@" 2>&1) && rc=0 || rc=$?
  [[ -n "$log" ]] && echo "$log"
  if [[ $rc -ne 0 ]] || grep -qE ' : (Error|Warning|Info) ' <<< "$log"; then
    echo "bicep: FAILED: $label (exit code $rc; diagnostics above count as failures)" >&2
    exit 1
  fi
}

run "build infra-bicep/main.bicep -> $out/main.json" \
  "$bicep" build infra-bicep/main.bicep --outfile "$out/main.json"
run "lint infra-bicep/**/*.bicep" \
  "$bicep" lint --pattern 'infra-bicep/**/*.bicep'
run "build-params infra-bicep/env/*.bicepparam -> $out/ (placeholder secrets)" \
  env UDF_ALERT_EMAIL=ops@example.invalid UDF_S3_SERVICE_URL=https://s3.example.invalid \
      UDF_OPERATOR_KEY=placeholder-operator-key-000000 UDF_S3_ACCESS_KEY=placeholder \
      UDF_S3_SECRET_KEY=placeholder UDF_RGW_ADMIN_ACCESS_KEY=placeholder UDF_RGW_ADMIN_SECRET_KEY=placeholder \
      "$bicep" build-params --pattern 'infra-bicep/env/*.bicepparam' --outdir "$out"
echo "bicep: no diagnostics; wrote $out/main.json, $out/dev.json, $out/prod.json"
