#!/usr/bin/env bash
# Reads each Loghub-2k system's raw log (loghub2_2k_parsing/<System>/<System>_2k.log) as one host's history, with no
# labels: `lad eval` trains on the first half and scores the second, and the script prints how many of the second
# half's lines were flagged. These logs are not labelled, so every flag is one an operator would have to look at; the
# figure is a false-alarm check on systems LAD was never tuned on, not a quality measure. Each line goes in whole as
# the message of a `bgl` line marked normal; one planted line at the end is marked anomalous, because `lad eval` needs
# an anomaly to score against (whether it is caught is printed too). A second table reads the systems whose lines are
# syslog lines as the file daemon reads them: the message is what follows the time and the host, so it opens with
# the process's tag (`sshd[24200]: ...`) instead of the syslog header the first table leaves in it. Extra `lad eval`
# options go after the datasets folder.
# Usage: scripts/loghub-as-hosts.sh [datasets-dir [lad eval options...]]   (default: ../shared/datasets beside the repository)
set -euo pipefail
source "$(dirname "$0")/datasets-env.sh" "${1:-}"
source "$(dirname "$0")/confusion-rows.sh"
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints one table row: the system, and how `lad eval` judged the second half of the messages in file $2.
row() {
  local system=$1 log=$2
  echo "APPSEV 0 2000.01.01 host 2000-01-01-00.00.00.000000 host RAS APP FATAL lad planted line: kernel panic - not syncing: fatal exception in interrupt" >> "$log"
  report=$(lad eval --format bgl "$log" "${eval_options[@]}")
  read -r flagged kept < <(confusion_row normal <<<"$report")
  read -r caught _ < <(confusion_row anomalous <<<"$report")
  echo "| $system | $flagged of $((flagged + kept)) | $((flagged * 10000 / (flagged + kept))) | $([ "$caught" = 1 ] && echo yes || echo no) |"
}

eval_options=("$@")
as_message='{ print "- 0 2000.01.01 host 2000-01-01-00.00.00.000000 host RAS APP INFO " $0 }'
echo "| system | second-half lines flagged | per 10,000 | planted line caught |"
echo "|---|---:|---:|---|"
for dir in "$data"/loghub2_2k_parsing/*/; do
  system=$(basename "$dir")
  raw="$dir/${system}_2k.log"
  [ -f "$raw" ] || continue
  awk "$as_message" "$raw" > "$work/$system.log"
  row "$system" "$work/$system.log"
done

echo
echo "| syslog system, message after the host | second-half lines flagged | per 10,000 | planted line caught |"
echo "|---|---:|---:|---|"
for system in Linux Mac OpenSSH Thunderbird; do
  raw="$data/loghub2_2k_parsing/$system/${system}_2k.log"
  [ -f "$raw" ] || continue
  # Everything up to the syslog time ("Jun 14 15:16:01") and the host after it goes.
  perl -pe 's/^.*?\b[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ //' "$raw" | awk "$as_message" > "$work/$system-syslog.log"
  row "$system" "$work/$system-syslog.log"
done
