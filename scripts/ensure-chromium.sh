#!/usr/bin/env bash
# Finds the Chromium the browser tests drive (playwright-core downloads no browser here: the tests use
# Debian's `chromium` package). Prints the binary's path and version on stdout's last line as
# `MPP_CHROMIUM=<path>`, so callers can `eval` it. Looks at MPP_CHROMIUM if set, then chromium /
# chromium-browser on PATH. With --install, when none is found and this runs as root on a machine with
# apt-get (CI on a fresh machine), installs Debian's chromium package first.
set -euo pipefail

find_chromium() {
  if [ -n "${MPP_CHROMIUM:-}" ] && [ -x "${MPP_CHROMIUM}" ]; then echo "$MPP_CHROMIUM"; return 0; fi
  local candidate
  for candidate in /usr/bin/chromium chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return 0; fi
  done
  return 1
}

if ! binary="$(find_chromium)"; then
  if [ "${1:-}" = "--install" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium (Debian package)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    binary="$(find_chromium)" || true
  fi
fi
if [ -z "${binary:-}" ]; then
  echo "Chromium not found: install Debian's package (sudo apt-get install chromium), run this script with --install as root, or set MPP_CHROMIUM to a Chromium binary" >&2
  exit 1
fi
echo "chromium: $binary ($("$binary" --version 2>/dev/null | head -1 || echo 'version unknown'))" >&2
echo "MPP_CHROMIUM=$binary"
