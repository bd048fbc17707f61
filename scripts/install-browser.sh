#!/usr/bin/env bash
# Debian's Chromium for the report's browser tests; no browser is downloaded
# by Playwright itself. Skipped quietly where it is already installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
  if [ ! -x /usr/bin/chromium ]; then
    echo "install-browser: apt-get installed chromium but /usr/bin/chromium is missing; browser tests will be skipped" >&2
  fi
else
  echo "install-browser: /usr/bin/chromium missing and cannot apt-get install it; browser tests will be skipped" >&2
fi
