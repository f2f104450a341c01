#!/usr/bin/env bash
# Prints the browser bundle's size (wasm + JS + CSS), raw and brotli-compressed,
# from the last release build (`cargo leptos build --release`).
# Budget: 250 KB brotli in total.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v brotli >/dev/null || { echo "needs brotli (apt-get install brotli)"; exit 1; }
total=0
printf '%-28s %10s %12s\n' file bytes brotli-bytes
for f in target/site/pkg/partner_portal.wasm target/site/pkg/partner_portal.js target/site/pkg/partner_portal.css; do
  [ -f "$f" ] || { echo "missing $f: run cargo leptos build --release first"; exit 1; }
  raw=$(stat -c %s "$f")
  br=$(brotli -c -q 11 "$f" | wc -c)
  total=$((total + br))
  printf '%-28s %10d %12d\n' "$(basename "$f")" "$raw" "$br"
done
printf '%-28s %10s %12d  (budget 256000)\n' total '' "$total"
