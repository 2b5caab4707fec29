#!/usr/bin/env bash
# Prints one closing line for the whole test run, "N passed, N failed, N skipped", from the TRX files
# `dotnet test --logger trx` wrote under the given folder; exits non-zero when any test failed or none ran.
set -euo pipefail
dir=${1:-var/test-results}
passed=0 failed=0 skipped=0 total=0
shopt -s nullglob
for trx in "$dir"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
