#!/usr/bin/env bash
# The README's first command, on the embedded defaults (SQLite, local files):
#   1. profile the verified example data and scan the new batch against it (report in antidote-report/);
#   2. start the HTTPS server with a demo project (a verified baseline and one quarantined batch),
#      printing its URL and the admin's one-time password; Ctrl-C stops it.
# `scripts/demo.sh --no-serve` does only step 1.
# A scan whose verdict is not "accept" exits 3; that is the expected outcome here, so it is not an error.
set -uo pipefail
cd "$(dirname "$0")/.."
ex=examples/breast-cancer
node bin/antidote.js baseline "$ex/verified.csv" --label diagnosis --out antidote-report/baseline.json || exit $?
node bin/antidote.js scan "$ex/batch.csv" --baseline antidote-report/baseline.json --label diagnosis --out antidote-report
code=$?
[ "$code" -eq 0 ] || [ "$code" -eq 3 ] || exit "$code"
echo "open antidote-report/report.html in a browser to see the plots"
[ "${1:-}" = "--no-serve" ] && exit 0
echo
echo "starting the server with a demo project (data in antidote-data/; Ctrl-C stops it) ..."
exec node bin/antidote.js serve --data-dir antidote-data --demo
