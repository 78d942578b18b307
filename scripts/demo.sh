#!/usr/bin/env bash
# The README's first command: profile the verified example data, then scan the new batch against it.
# A scan whose verdict is not "accept" exits 3; that is the expected outcome here, so it is not an error.
set -uo pipefail
cd "$(dirname "$0")/.."
ex=examples/breast-cancer
node bin/antidote.js baseline "$ex/verified.csv" --label diagnosis --out antidote-report/baseline.json || exit $?
node bin/antidote.js scan "$ex/batch.csv" --baseline antidote-report/baseline.json --label diagnosis --out antidote-report
code=$?
[ "$code" -eq 0 ] || [ "$code" -eq 3 ] || exit "$code"
echo "open antidote-report/report.html in a browser to see the plots"
