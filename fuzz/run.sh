#!/usr/bin/env bash
# Fuzz one input kind for a fixed time, restarting libFuzzer after each crash (atheris cannot use
# libFuzzer's -fork mode: the children would be started without this script's arguments).
#   fuzz/run.sh pdf|html WORK SECONDS
set -u
kind=$1 work=$2 total=$3
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
end=$(( $(date +%s) + total ))
"$python" "$here/fuzz/fuzz_extract.py" seeds "$kind" "$work"
round=0
while [ "$(date +%s)" -lt "$end" ]; do
  round=$(( round + 1 ))
  left=$(( end - $(date +%s) ))
  echo "=== round $round: $left s left"
  "$python" "$here/fuzz/fuzz_extract.py" run "$kind" "$work" -max_total_time="$left" -timeout=60 \
    -rss_limit_mb=3072 -print_final_stats=1
  echo "=== round $round exited with $?"
done
