#!/usr/bin/env bash
# Installs what this machine lacks to build, run and test Partner Portal, and
# skips what is already there. Offline-safe: only package registries are used.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen crate version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.129

step() { printf '\n==> %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
fi

# npm's Tailwind CSS and binaryen's wasm-opt (one wasm file to optimise: node's
# start-up is paid once); cargo-leptos finds node_modules/.bin by itself. Never
# Debian's binaryen (108): its wasm-opt silently breaks hydration.
if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/.bin/wasm-opt ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing build tools from npm"
  npm ci --no-audit --no-fund
fi

if [ ! -d end2end/node_modules/@playwright/test ] \
   || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  step "Installing Playwright from npm"
  (cd end2end && npm ci --no-audit --no-fund)
fi

if [ ! -x /usr/bin/chromium ]; then
  step "Installing Debian's Chromium for the end-to-end tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# brotli: scripts/bundle-size.sh, run by scripts/test.sh, measures the bundle
# as browsers receive it.
if ! command -v brotli >/dev/null; then
  step "Installing Debian's brotli"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli
fi
