#!/usr/bin/env bash
# Installs what the tests need beyond npm packages. Idempotent: safe to run on a machine that has it all.
set -euo pipefail
