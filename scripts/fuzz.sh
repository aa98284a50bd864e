#!/usr/bin/env bash
# Coverage-guided fuzzing of the pure core with AFL++ and SharpFuzz (docs/fuzzing.md).
#
#   scripts/fuzz.sh [seconds] [target]     a bounded AFL++ pass (default 60 s, target "all")
#   scripts/fuzz.sh --replay [path...]     every input through every target without AFL (default: the seed
#                                          corpus and the test fixtures), as CI can run it anywhere
#
# Targets: reader (sniffer + FeedFileReader), preview (CsvPreview), planner (Prepare + Plan), mapping (a mapping
# document's JSON: the save's check, then preview and plan of a small file with what passes), all.
# Installs what it needs: afl++ from Debian packages (apt-get, through sudo when not root) and the
# SharpFuzz.CommandLine tool into .fuzz/tools. Findings go to fuzz/findings/<target>-<UTC time>/ (not committed).
# Exits 1 when a crash (an exception other than InvalidFeedFileException, or a broken harness check) or a
# hang that reproduces is found, 2 when the fuzzer could not run.
# Environment: UDF_FUZZ_TIMEOUT_MS (per input, default 3000), UDF_FUZZ_OUT (findings root),
#              UDF_FUZZ_WORK (build and tools, default .fuzz; give a long run its own),
#              UDF_FUZZ_RESUME=dir (continue an earlier run's queue instead of starting from the seeds).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

sharpfuzz_version=2.3.0
work=${UDF_FUZZ_WORK:-$root/.fuzz}
bin=$work/bin
harness=$bin/UserDataFeed.Fuzz.dll

build() {
    # Publish to a fresh folder every time: SharpFuzz instruments in place, and refuses an instrumented dll.
    rm -rf "$bin"
    dotnet publish fuzz/UserDataFeed.Fuzz/UserDataFeed.Fuzz.csproj -c Release -o "$bin" --nologo -v quiet
}

if [[ "${1:-}" == "--replay" ]]; then
    shift
    build
    inputs=("$@")
    ((${#inputs[@]})) || inputs=(fuzz/corpus fuzz/corpus-mapping fuzz/corpus-scim tests/UserDataFeed.Core.Tests/Data)
    exec dotnet "$harness" --replay "${inputs[@]}"
fi

seconds=${1:-60}
target=${2:-all}
timeout_ms=${UDF_FUZZ_TIMEOUT_MS:-3000}
case "$target" in reader|preview|planner|mapping|scim|all) ;; *) echo "fuzz: unknown target '$target' (reader, preview, planner, mapping, scim, all)" >&2; exit 2 ;; esac
# The seeds: files, mapping documents, or both. AFL++ stops on a seed that runs no instrumented code, as a file
# does through the mapping target alone (it is not JSON), so the mapping target starts from documents only.
case "$target" in mapping) corpora=(fuzz/corpus-mapping) ;; scim) corpora=(fuzz/corpus-scim) ;; all) corpora=(fuzz/corpus fuzz/corpus-mapping fuzz/corpus-scim) ;; *) corpora=(fuzz/corpus) ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz: seconds must be a number, not '$seconds'" >&2; exit 2; }

started=$(date +%s)
sudo_=()
[[ $(id -u) -eq 0 ]] || sudo_=(sudo)
if ! command -v afl-fuzz >/dev/null; then
    echo "fuzz: installing afl++ (Debian package)"
    "${sudo_[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y -qq afl++ >/dev/null
fi

if [[ ! -x "$work/tools/sharpfuzz" ]]; then
    echo "fuzz: installing SharpFuzz.CommandLine $sharpfuzz_version into ${work#"$root"/}/tools"
    dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$work/tools" >/dev/null
fi

build
for dll in UserDataFeed.Core.dll Sylvan.Data.Csv.dll; do
    "$work/tools/sharpfuzz" "$bin/$dll"
done

# The seeds must pass before fuzzing: AFL would stop on a crashing seed anyway, with less to say.
dotnet "$harness" --replay --target "$target" "${corpora[@]}"

out_root=${UDF_FUZZ_OUT:-$root/fuzz/findings}
out=$out_root/$target-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out_root"
seeds=(-i "${corpora[0]}")
if [[ -n "${UDF_FUZZ_RESUME:-}" || ${#corpora[@]} -gt 1 ]]; then
    # One seed folder for AFL: the corpora together, and with UDF_FUZZ_RESUME an earlier run's queue (the queue's own
    # files, not its .state/).
    rm -rf "$work/seeds" && mkdir -p "$work/seeds"
    find ${UDF_FUZZ_RESUME:+"$UDF_FUZZ_RESUME/default/queue"} "${corpora[@]}" -maxdepth 1 -type f -exec cp -t "$work/seeds" {} +
    seeds=(-i "$work/seeds")
fi

# dotnet is not an AFL-instrumented binary (the instrumentation is in the .NET assemblies); no CPU frequency
# tuning or core-dump settings on shared CI machines; no core pinning (the cores are shared); plain log lines.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_NO_UI=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_MAP_SIZE=65536
echo "fuzz: $target for ${seconds}s -> ${out#"$root"/}"
set +e
timeout --signal=INT --kill-after=30 $((seconds + 120)) \
    afl-fuzz -V "$seconds" "${seeds[@]}" -o "$out" -t "$timeout_ms" -m none -x fuzz/csv.dict -x fuzz/mapping.dict -x fuzz/scim.dict \
    -- "$(command -v dotnet)" "$harness" "$target" >"$out.log" 2>&1
afl=$?
set -e

stats=$out/default/fuzzer_stats
if [[ ! -f "$stats" ]]; then
    echo "fuzz: afl-fuzz did not start (exit $afl); its log:" >&2
    tail -n 30 "$out.log" >&2
    exit 2
fi

stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$out/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$out/default/hangs" -type f -name 'id:*' | wc -l)

# A hang under AFL may be a slow run on a busy machine: it counts when it also times out replayed alone.
real_hangs=0
for hang in "$out"/default/hangs/id:*; do
    [[ -f "$hang" ]] || continue
    if ! dotnet "$harness" --replay --target "$target" --timeout $(((timeout_ms + 999) / 1000)) "$hang" >/dev/null 2>&1; then
        real_hangs=$((real_hangs + 1))
        echo "fuzz: hang reproduces: ${hang#"$root"/}"
    fi
done

echo "fuzz: target           $target"
echo "fuzz: run time         $(stat run_time) s fuzzing, $(($(date +%s) - started)) s in all"
echo "fuzz: executions       $(stat execs_done) ($(stat execs_per_sec) per second)"
echo "fuzz: corpus (paths)   $(stat corpus_count) ($(stat corpus_found) found in this run)"
echo "fuzz: coverage         $(stat edges_found) edges, bitmap $(stat bitmap_cvg), stability $(stat stability)"
echo "fuzz: crashes          $crashes"
echo "fuzz: hangs            $hangs ($real_hangs reproduce alone)"
echo "fuzz: findings in      ${out#"$root"/}/default/{crashes,hangs}"
if ((crashes > 0)); then
    echo "fuzz: crashing inputs replayed:"
    dotnet "$harness" --replay --target "$target" "$out/default/crashes" 2>&1 | grep -E '^(CRASH|HANG)' | head -n 20 || true
fi

((crashes == 0 && real_hangs == 0))
