#!/usr/bin/env bash
# Installs the Debian packages the tests need when their commands are missing (one apt-get update):
#   chromium  the browser suite (Playwright never downloads a browser here)
#   oracle    the real tools the differential suite (test/unit/differential.test.ts) compares with
set -euo pipefail
declare -A SETS=(
  [chromium]="${CHROMIUM_PATH:-/usr/bin/chromium}:chromium"
  [oracle]="jq:jq file:file zip:zip unzip:unzip bc:bc rg:ripgrep sqlite3:sqlite3 xxd:xxd hexdump:bsdextrautils
    column:bsdextrautils free:procps ps:procps /usr/bin/python3:python3 /usr/bin/python:python-is-python3"
)
missing=()
for set in "$@"; do
  for entry in ${SETS[$set]:?"unknown tool set: $set"}; do
    command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages for the tests: ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages: ${missing[*]} (sudo apt-get install -y ${missing[*]})." >&2
  exit 1
fi
