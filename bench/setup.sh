#!/usr/bin/env bash
# Installs the benchmark's load generator (wrk, from Debian) if it is missing.
# Idempotent: does nothing when wrk is already on PATH. Needs root (apt-get).
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  echo "wrk already installed: $(command -v wrk)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends wrk
echo "wrk installed: $(command -v wrk)"
