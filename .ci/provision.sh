#!/usr/bin/env bash
# Installs what the tests need beyond npm packages. Idempotent: safe to run on a machine that has it all.
set -euo pipefail
cd "$(dirname "$0")"

# A real Docker engine and offline base images, for the runner's integration tests.
bash ./provision-docker.sh
