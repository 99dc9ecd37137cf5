#!/usr/bin/env bash
# Headless Chromium and its WebDriver for the admin UI's browser tests: Debian's chromium and
# chromium-driver packages, installed when missing (as root, as CI runs).
#
#   eval "$(bash scripts/chromium.sh)"   # exports MCPGATE_TEST_CHROMIUM and
#                                        # MCPGATE_TEST_CHROMEDRIVER
#
# Prints only the export lines on stdout; progress goes to stderr. Without root and without the
# packages it fails: under CI=true the browser tests fail, not skip, when the browser is missing.
set -euo pipefail

log() { echo "chromium.sh: $*" >&2; }

find_browser() {
  command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || return 1
}

find_driver() {
  command -v chromedriver 2>/dev/null || {
    [[ -x /usr/bin/chromedriver ]] && echo /usr/bin/chromedriver
  } || return 1
}

if ! find_browser >/dev/null || ! find_driver >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    log "chromium is not installed; run as root to install Debian's chromium and chromium-driver"
    exit 1
  fi
  log "installing Debian's chromium and chromium-driver packages"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver fonts-dejavu-core >&2
fi
echo "export MCPGATE_TEST_CHROMIUM=$(find_browser)"
echo "export MCPGATE_TEST_CHROMEDRIVER=$(find_driver)"
