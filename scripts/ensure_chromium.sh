#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the Playwright browser tests.
# Playwright's own browser download cannot work here; we drive /usr/bin/chromium.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium from Debian's packages for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is missing and cannot be installed here (not root or no apt-get)." >&2
echo "Install it with: sudo apt-get install chromium   (browser tests will be skipped)" >&2
exit 0
