#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The agent's start-up figures (issue 9): time to main, time until the instrumentation is in
# place, peak RSS, bytes lost at the start of main, and the wall time of a program that moves
# 64 MB in about a second; without an agent, with an agent that does nothing (the floor any
# -javaagent costs the JVM), with the agent's default settings (premain returns once the hooks are
# in place) and with flowmeter.agent.wait=false (the installation in the background). Medians
# over RUNS interleaved rounds; prints a Markdown table.
#
#   benchmarks/agent-start/run.sh JAVA_HOME AGENT_JAR RUNS [COPIES]
#
# COPIES (default 8): how many times the wall-time program copies its 64 MiB file; pick it so
# that the row without the agent is about a second on your machine. EXTRA_SINKS (environment, e.g.
# otel or prometheus:9464): sinks added to the start-up probe's CSV sink in the agent's modes, to
# measure what they cost.
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 JAVA_HOME AGENT_JAR RUNS [COPIES]" >&2
  exit 2
fi
java_home=$1
agent=$(realpath "$2")
runs=$3
copies=${4:-8}
files=20
java="$java_home/bin/java"
case $(basename "$agent") in
  flowmeter-agent.jar | flowmeter-agent-*.jar) ;;
  *) echo "warning: $agent is not named as built (flowmeter-agent.jar): its manifest's" \
    "Boot-Class-Path misses it, the JVM warns and starts otherwise than a user's would" >&2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
modes=(none empty default background)

work=$(mktemp -d "${TMPDIR:-/tmp}/flowmeter-agent-start.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$java_home/bin/javac" --release 17 -d "$work/classes" "$here/StartProbe.java" "$here/CopyLoad.java"
mkdir -p "$work/source" "$work/results"
for ((i = 0; i < files; i++)); do
  head -c $((2 * 1024 * 1024)) /dev/urandom >"$work/source/$(printf 'f%02d.bin' "$i")"
done
head -c $((64 * 1024 * 1024)) /dev/urandom >"$work/big.bin"
# an agent whose premain does nothing, with the same capabilities as Flowmeter's
mkdir -p "$work/empty"
cat >"$work/empty/EmptyAgent.java" <<'JAVA'
public final class EmptyAgent {
  public static void premain(String arguments, java.lang.instrument.Instrumentation instrumentation) {}
}
JAVA
"$java_home/bin/javac" --release 17 -d "$work/empty" "$work/empty/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\nCan-Retransform-Classes: true\nCan-Redefine-Classes: true\n' \
  >"$work/empty/manifest.txt"
"$java_home/bin/jar" cfm "$work/empty-agent.jar" "$work/empty/manifest.txt" -C "$work/empty" EmptyAgent.class

# The -javaagent option of a mode with the sinks $2 (none: no option), and EXTRA_SINKS but with none.
javaagent() {
  local sinks=$2
  if [ "$sinks" != none ] && [ -n "${EXTRA_SINKS:-}" ]; then
    sinks="$sinks,$EXTRA_SINKS"
  fi
  case $1 in
    none) ;;
    empty) echo "-javaagent:$work/empty-agent.jar" ;;
    default) echo "-javaagent:$agent=flowmeter.sinks=$sinks" ;;
    background) echo "-javaagent:$agent=flowmeter.sinks=$sinks;flowmeter.agent.wait=false" ;;
  esac
}

# Ends the script after a run that failed, with what the runs printed on standard error.
failed() {
  echo "a run failed; standard error so far:" >&2
  cat "$work/stderr" >&2
  exit 1
}

# Appends the value $3 to the results of mode $1, metric $2.
keep() {
  echo "$3" >>"$work/results/$1.$2"
}

# The median of a metric's values (- when there are none), with $3 decimals.
median() {
  local file="$work/results/$1.$2"
  if [ ! -s "$file" ]; then
    echo "-"
    return
  fi
  sort -n "$file" | awk -v d="$3" '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.*f\n", d, m }'
}

# One start-up probe: copies the files at the start of main and waits for the agent's state.
probe() {
  local mode=$1 round=$2
  local csv="$work/$mode-$round.csv" target="$work/target"
  rm -rf "$target" && mkdir -p "$target"
  local line
  # shellcheck disable=SC2046 # the -javaagent option is one word or none
  line=$(/usr/bin/time -f %M -o "$work/rss" \
    "$java" $(javaagent "$mode" "csv:$csv") -Dt0="$(date +%s%N)" -cp "$work/classes" \
    StartProbe "$work/source" "$target" "$files" 2>>"$work/stderr") || failed
  local main installed moved transfers
  main=$(sed -n 's/.*main_ms=\([^ ]*\).*/\1/p' <<<"$line")
  installed=$(sed -n 's/.*installed_ms=\([^ ]*\).*/\1/p' <<<"$line")
  moved=$(sed -n 's/.*moved=\([0-9]*\).*/\1/p' <<<"$line")
  transfers=$(sed -n 's/.*transfers=\([0-9]*\).*/\1/p' <<<"$line")
  keep "$mode" main "$main"
  [ "$installed" = "-" ] || keep "$mode" installed "$installed"
  keep "$mode" rss "$(awk '{ printf "%.1f", $1 / 1024 }' "$work/rss")"
  if [ "$mode" != none ] && [ "$mode" != empty ]; then
    # every transfer's final row: the copies' files are the only ones under $work
    local reported
    reported=$(awk -F, -v dir="$work/" '{ sub(/\r$/, "") }
      index($3, dir) == 1 && $8 == "completed" { n++; b += $5 }
      END { printf "%d %d\n", n, b }' "$csv" 2>/dev/null || echo "0 0")
    keep "$mode" lost_transfers $((transfers - ${reported% *}))
    keep "$mode" lost_bytes $((moved - ${reported#* }))
  fi
}

# One run of the wall-time load, timed from before the JVM starts to after it ends.
load() {
  local mode=$1 start end
  start=$(date +%s%N)
  # shellcheck disable=SC2046
  "$java" $(javaagent "$mode" none) -cp "$work/classes" CopyLoad "$work/big.bin" "$work/big.copy" \
    "$copies" >/dev/null 2>>"$work/stderr" || failed
  end=$(date +%s%N)
  keep "$mode" wall $(((end - start) / 1000000))
}

for ((round = 0; round < runs; round++)); do
  for mode in "${modes[@]}"; do
    probe "$mode" "$round"
    load "$mode"
  done
done

version=$("$java" -version 2>&1 | head -n 1)
echo "$version; agent $agent${EXTRA_SINKS:+ with the sinks $EXTRA_SINKS}; $runs interleaved rounds;" \
  "$(nproc) cores; load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
echo "| mode | time to main (ms) | instrumentation in place (ms) | peak RSS (MiB)" \
  "| bytes lost (of $((files * 4 * 1024 * 1024))) | transfers lost (of $((files * 2))) |" \
  "wall time, $copies x 64 MiB copied (ms) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for mode in "${modes[@]}"; do
  case $mode in
    none) label="no agent" ;;
    empty) label="an agent that does nothing" ;;
    default) label="agent, default" ;;
    background) label="agent, flowmeter.agent.wait=false" ;;
  esac
  echo "| $label | $(median "$mode" main 1) | $(median "$mode" installed 1)" \
    "| $(median "$mode" rss 1) | $(median "$mode" lost_bytes 0) | $(median "$mode" lost_transfers 0)" \
    "| $(median "$mode" wall 0) |"
done
if [ -s "$work/stderr" ]; then
  echo
  echo "Standard error of the runs (each distinct line once):"
  echo
  sort -u "$work/stderr" | sed 's/^/    /'
fi
