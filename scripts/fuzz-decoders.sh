#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of every decoder of outside input:
# scenario files and translations, stored and imported progress, class result codes,
# SCORM suspend_data and the cmi5 state, LMS launch values, URL parameters, language and
# scenario packs, a facilitated run's save, xAPI exports. The targets are
# fuzz/fuzz_targets/*.rs; what each checks is in fuzz/src/checks.rs and docs/fuzzing.md.
#
#   scripts/fuzz-decoders.sh                  # CI budget: every target for 8 s (FUZZ_SECONDS)
#   scripts/fuzz-decoders.sh --long           # every target to 10 000 000 executions
#   scripts/fuzz-decoders.sh --runs 500000 result_code url_query   # some targets, N runs
#   scripts/fuzz-decoders.sh --seconds 600 scenario                  # one target, 10 minutes
#   FUZZ_SANITIZER=address scripts/fuzz-decoders.sh   # with AddressSanitizer (slower)
#   FUZZ_MAX_SECONDS=1200 scripts/fuzz-decoders.sh --long   # at most 20 minutes a target
#   FUZZ_MAX_LEN=4096 scripts/fuzz-decoders.sh --long scenario translation
#       # inputs of at most 4096 bytes (libFuzzer's -max_len; longer seeds are cut):
#       # the scenario targets then run about 5x faster (docs/fuzzing.md)
#
# Works on the stable toolchain: with no sanitizer (the default: the core is safe Rust,
# so a crash is a panic, which needs none) cargo-fuzz passes no -Z flag. AddressSanitizer
# needs -Zsanitizer, so FUZZ_SANITIZER=address sets RUSTC_BOOTSTRAP=1 and builds into
# its own target folder. cargo-fuzz is installed (`cargo install cargo-fuzz --locked`)
# when missing. Everything is built in fuzz/target, never in the app's target/.
#
# Prints, per target, the executions, executions per second, seconds and the result, and
# exits non-zero if any target crashed (a panic: a decoder's or a broken property), hung
# (-timeout, 10 s) or ran out of memory, naming the input it saved.
#
# Reproducing a crash: the input is saved as fuzz/artifacts/<target>/crash-<sha1>. Run it
# alone, with the panic message and backtrace:
#   fuzz/target/x86_64-unknown-linux-gnu/release/<target> fuzz/artifacts/<target>/crash-…
#   (or: cargo fuzz run --sanitizer none --codegen-units 16 <target> fuzz/artifacts/<target>/crash-…)
# then keep it as a regression test, which `cargo test` replays through the same checks:
#   cp fuzz/artifacts/<target>/crash-… fuzz/regressions/<target>/<what-it-was>
#   cargo test --test fuzz_regressions
# (`cargo fuzz tmin --sanitizer none --codegen-units 16 <target> <crash>` shrinks it first.)
#
# New inputs the fuzzer finds are kept in fuzz/corpus/<target> (not committed) and reused
# by the next run; the seeds are fuzz/corpus-seeds/<target> and, for the scenario targets,
# the repository's own scenario files (scenarios/, tests/fixtures/, docs/examples/).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(scenario translation progress_stored progress_import result_code suspend_data
  lms_launch url_query language_pack scenario_pack facilitation_run xapi_import)
LONG_RUNS=10000000

seconds="${FUZZ_SECONDS:-8}"
runs=""
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --long) runs="$LONG_RUNS" ;;
    --runs) runs="$2"; shift ;;
    --seconds) seconds="$2"; runs=""; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${ALL_TARGETS[@]}")

export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

sanitizer="${FUZZ_SANITIZER:-none}"
build_args=(--sanitizer "$sanitizer" --codegen-units 16)
target_dir="fuzz/target"
if [[ "$sanitizer" != none ]]; then
  export RUSTC_BOOTSTRAP=1
  target_dir="fuzz/target/sanitizer-$sanitizer"
  build_args+=(--target-dir "$PWD/$target_dir")
fi
host="$(rustc -vV | sed -n 's/^host: //p')"
bin_dir="$target_dir/$host/release"

started=$(date +%s)
logs="fuzz/target/logs"
mkdir -p "$logs"
echo "==> cargo fuzz build ${build_args[*]}"
if ! nice -n 19 cargo fuzz build "${build_args[@]}" >"$logs/build.log" 2>&1; then
  tail -40 "$logs/build.log" >&2
  echo "the fuzz targets did not build (log: $logs/build.log)" >&2
  exit 2
fi
for target in "${targets[@]}"; do
  [[ -x "$bin_dir/$target" ]] || { echo "no fuzz target binary $bin_dir/$target (unknown target or failed build)" >&2; exit 2; }
done
built=$(date +%s)
echo "    built in $((built - started)) s"

# Read-only seed folders per target, besides fuzz/corpus-seeds/<target>.
extra_seeds() {
  case "$1" in
    scenario) echo scenarios tests/fixtures docs/examples ;;
    translation) echo scenarios/de ;;
  esac
}

# The dictionary of each target's format (fuzz/dicts/).
dict_of() {
  case "$1" in
    scenario|translation) echo fuzz/dicts/scenario.dict ;;
    progress_stored|progress_import) echo fuzz/dicts/progress.dict ;;
    suspend_data|lms_launch) echo fuzz/dicts/lms.dict ;;
    language_pack|scenario_pack) echo fuzz/dicts/packs.dict ;;
    facilitation_run|url_query|xapi_import) echo "fuzz/dicts/$1.dict" ;;
  esac
}

if [[ -n "$runs" ]]; then
  budget=(-runs="$runs")
  # FUZZ_MAX_SECONDS caps each target's time even with a number of runs (long runs of
  # the slow scenario targets): the summary then shows how far it got.
  [[ -n "${FUZZ_MAX_SECONDS:-}" ]] && budget+=(-max_total_time="$FUZZ_MAX_SECONDS")
else
  budget=(-max_total_time="$seconds")
fi
[[ -n "${FUZZ_MAX_LEN:-}" ]] && budget+=(-max_len="$FUZZ_MAX_LEN")
failed=0
summary=()
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  artifacts="fuzz/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts" "fuzz/corpus-seeds/$target"
  log="$logs/$target.log"
  echo "==> $target (${budget[*]})"
  t0=$(date +%s.%N)
  set +e
  # shellcheck disable=SC2046
  dict=$(dict_of "$target")
  nice -n 19 "$bin_dir/$target" "${budget[@]}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" ${dict:+-dict="$dict"} \
    "$corpus" "fuzz/corpus-seeds/$target" $(extra_seeds "$target") >"$log" 2>&1
  status=$?
  set -e
  t1=$(date +%s.%N)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  time=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
  if [[ $status -eq 0 && -n "$runs" && "${execs:-0}" -lt "$runs" ]]; then
    result="ok, stopped at FUZZ_MAX_SECONDS before $runs runs"
  elif [[ $status -eq 0 ]]; then
    result="ok"
  else
    failed=1
    kind=$(grep -aoE 'ERROR: libFuzzer: [a-z-]+|panicked at [^:]+:[0-9]+' "$log" | head -1 || true)
    message=$(grep -a -A1 -m1 'panicked at' "$log" | sed -n 2p | cut -c1-160 || true)
    [[ -n "$message" ]] && kind="$kind: $message"
    result="FAILED (exit $status${kind:+, $kind})${artifact:+ input: $artifact}"
    echo "    --- last lines of $log ---"
    grep -av '^#' "$log" | tail -25 | sed 's/^/    /'
    [[ -n "$artifact" ]] && echo "    reproduce: $bin_dir/$target $artifact"
  fi
  line=$(printf '%-17s %12s execs %9s exec/s %6s s  %s' "$target" "${execs:-?}" "${rate:-?}" "$time" "$result")
  echo "    $line"
  summary+=("$line")
done

echo
echo "==> fuzzing summary (build $((built - started)) s, total $(( $(date +%s) - started )) s; logs in $logs/)"
printf '%s\n' "${summary[@]}"
if [[ $failed -ne 0 ]]; then
  echo "fuzzing found failures: see the inputs named above (fuzz/artifacts/)." >&2
  exit 1
fi
