#!/usr/bin/env bash
# Prints the closing lines of the whole test run from the TRX files `dotnet test --logger trx` wrote under the
# given folder: each failed test with the first line of its error (so the tail of a CI log says what failed),
# then "N passed, N failed, N skipped". Exits non-zero when any test failed or none ran.
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
  if [ "$(get failed)" -gt 0 ] && command -v python3 >/dev/null; then
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") != "Failed":
        continue
    message = result.find(".//t:ErrorInfo/t:Message", ns)
    first = (message.text or "").strip().splitlines()[0][:300] if message is not None and message.text else ""
    print(f"FAILED {result.get('testName')}: {first}")
PY
  fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
