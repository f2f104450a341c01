#!/usr/bin/env bash
# Prints the browser bundle's size, brotli-compressed, from the last release
# build (scripts/build-release.sh): what every page downloads before it works
# (the wasm of the shell's island, its JS loader and the CSS). Pages render on
# the server only (islands), so a page's first visit downloads nothing more:
# every page's figure is also the heaviest first visit.
# Issue 10's budgets: every page 150 KB, the heaviest first visit 200 KB; the
# script fails over them.
set -euo pipefail
BUDGET_EVERY=153600
BUDGET_HEAVIEST=204800
cd "$(dirname "$0")/.."
command -v brotli >/dev/null || { echo "needs brotli (apt-get install brotli)"; exit 1; }
PKG="${PKG:-target/site/pkg}"
[ -f "$PKG/partner_portal.wasm" ] || { echo "run scripts/build-release.sh first"; exit 1; }
total=0
printf '%-34s %9s %8s\n' "every page loads" raw brotli
for f in "$PKG/partner_portal.wasm" "$PKG/partner_portal.js" "$PKG/partner_portal.css"; do
  raw=$(stat -c %s "$f")
  compressed=$(brotli -c -q 11 "$f" | wc -c)
  total=$((total + compressed))
  printf '  %-32s %9d %8d\n' "$(basename "$f")" "$raw" "$compressed"
done
# Any other wasm file would be a page's split chunk, which this build must
# not have (its first visit would download more).
extra=$(find "$PKG" -name '*.wasm' ! -name partner_portal.wasm | wc -l)
echo "every page $total B (budget $BUDGET_EVERY); heaviest first visit $total B (budget $BUDGET_HEAVIEST); other wasm files: $extra"
if [ "$total" -gt "$BUDGET_EVERY" ] || [ "$total" -gt "$BUDGET_HEAVIEST" ] || [ "$extra" -gt 0 ]; then
  echo "OVER BUDGET"
  exit 1
fi
