#!/usr/bin/env bash
# Builds the runner image the integration tests and the runner-overhead bench use: the runner's bundle
# (runner-image/build.mjs), then runner-image/Dockerfile on the offline Node base that
# .ci/provision-docker.sh built (nothing can be pulled here). Run after provision-docker.sh and npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly RUNNER_IMAGE=${RUNNER_IMAGE:-stepbatch/runner:local}
readonly BASE_IMAGE=${BASE_IMAGE:-stepbatch/node-base:local}
# Debian's client, the engine's own version (see provision-docker.sh); the classic builder, since
# BuildKit would try to reach a registry and this client has no buildx.
readonly DOCKER=/usr/bin/docker

say() { echo "build-runner-image: $*"; }

started=$(date +%s%3N)
node runner-image/build.mjs
DOCKER_BUILDKIT=0 "$DOCKER" build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$RUNNER_IMAGE" runner-image >/dev/null
say "built $RUNNER_IMAGE on $BASE_IMAGE ($("$DOCKER" run --rm "$RUNNER_IMAGE" stepbatch-runner --version)) in $(($(date +%s%3N) - started)) ms"
