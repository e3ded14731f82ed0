#!/usr/bin/env bash
# The README's screenshot of the VS Code extension (docs/vscode-diagnostic.png), taken in a real
# VS Code: code-server 4.100.3 (VS Code 1.100.3 for the web, from the npm registry) with the
# extension's .vsix installed by `code-server --install-extension`, `guidec lsp` as its language
# server, and Debian's Chromium driven by Playwright (tools/vscode-screenshot.mjs). A one-off for
# the documentation, not part of .ci/run. Run from anywhere, as root (apt-get), with the network
# of the package registries only:
#
#   bash tools/vscode-screenshot.sh
#
# code-server's own install script downloads ripgrep from GitHub and needs Node 20's headers, so
# the install is done by hand into target/code-server: the packages without their scripts, then
# Debian's ripgrep where @vscode/ripgrep looks for it, then the native modules built against
# Debian's Node headers (`npm rebuild`, with the -dev packages below), then the links code-server's
# postinstall.sh makes. VS Code's own interface stays in English: its French language pack comes
# from the extension marketplace, which cannot be reached here; the extension's texts and
# everything guidec says are French.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ripgrep libkrb5-dev libx11-dev \
    libxkbfile-dev libsecret-1-dev pkg-config >/dev/null
fi
(cd tools && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)

cs=target/code-server
if [ ! -x "$cs/node_modules/code-server/out/node/entry.js" ] || [ ! -e "$cs/node_modules/code-server/lib/vscode/node_modules.asar" ]; then
  mkdir -p "$cs"
  export npm_config_nodedir=/usr npm_config_yes=true
  (cd "$cs" && npm install --no-audit --no-fund --ignore-scripts code-server@4.100.3 >/dev/null \
    && npm rebuild argon2 >/dev/null)
  vscode="$cs/node_modules/code-server/lib/vscode"
  (cd "$vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
  mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
  ln -sf "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"
  (cd "$vscode" && npm rebuild >/dev/null)
  (cd "$vscode/extensions" && npm install --omit=dev --no-audit --no-fund >/dev/null)
  ln -sfn node_modules "$vscode/node_modules.asar"
  ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh"
fi

cargo build --release --quiet
(cd editors/vscode && npm ci --no-audit --no-fund --ignore-scripts >/dev/null \
  && npx --no-install vsce package --skip-license --allow-missing-repository --out ../../target/ >/dev/null)

node tools/vscode-screenshot.mjs "$root/$cs/node_modules/code-server/out/node/entry.js" \
  "$root/target/guidec-0.1.0.vsix" "$root/target/release/guidec" \
  "$root/specs/fami/chirurgiens_dentistes-2025.guide" "$root/docs/vscode-diagnostic.png"
