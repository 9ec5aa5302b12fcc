#!/usr/bin/env bash
# Make sure Debian's Chromium (/usr/bin/chromium) is installed for the Playwright browser
# tests. Playwright's own browser download cannot work on our machines (never run
# `playwright install`); the tests drive the Debian package instead.
#
# As root with apt-get it installs the package. Otherwise it only explains: the browser
# tests are then skipped locally, but with CI=true they fail, so this script fails too.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium from Debian's packages for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  /usr/bin/chromium --version
  exit 0
fi
echo "Chromium (/usr/bin/chromium) is missing and cannot be installed here (not root or no apt-get)." >&2
echo "Install it with: sudo apt-get install chromium" >&2
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
echo "The browser tests will be skipped." >&2
exit 0
