#!/usr/bin/env bash
# Provisions a real Docker engine for the integration tests, offline: installs Debian's docker.io, starts
# dockerd, builds the base images the tests use from the host's own binaries (CI reaches no container
# registry), then checks that the engine runs, builds and signals containers the way the runner needs.
# Idempotent: on a machine that has it all it only checks. Run as root.
#
# Found by trying on the CI-like machine (Firecracker VM, Debian 12, kernel 6.18, root with every capability,
# cgroup v1 mounted by the VM's init, no systemd): dockerd's defaults work, so none are overridden.
#   - storage: overlay2 on the ext4 root. Where overlay is unusable dockerd falls back to vfs by itself
#     (slower, still correct), so no --storage-driver is forced.
#   - network: iptables (iptables-nft) and the docker0 bridge work; no --iptables=false/--bridge=none needed.
#     The tests use host networking anyway; the classic builder's RUN uses the bridge.
#   - cgroups: cgroupfs driver on cgroup v1, no changes needed.
#   - --init: dockerd runs docker-init, which Debian's tini package (a docker.io dependency) ships as
#     /usr/bin/docker-init -> tini-static.
#   - docker.io's postinst does not start the service here: /usr/sbin/policy-rc.d denies it, and there is no
#     systemd anyway. So this script starts dockerd itself.
#   - build: both builders work offline with Debian's 20.10 client (BuildKit via DOCKER_BUILDKIT=1 too). The
#     classic one is what dockerode's buildImage uses, so the check below forces it. The 28.x client that may sit
#     at /usr/local/bin/docker has no buildx plugin: its plain `docker build` uses the classic builder, and
#     DOCKER_BUILDKIT=1 fails there ("BuildKit is enabled but the buildx component is missing").
set -euo pipefail
cd "$(dirname "$0")/.."

readonly DOCKER_SOCKET=/var/run/docker.sock   # where dockerode connects by default
readonly DOCKERD_LOG=/tmp/stepbatch-dockerd.log
readonly LOG_TAIL_LINES=20   # enough for a fatal error and the few lines that lead to it
readonly DOCKERD_START_TIMEOUT_S=60   # dockerd answers in under a second here; a cold disk or a vfs fallback is slower
readonly DOCKER_INFO_TIMEOUT_S=10     # a socket whose daemon hangs must not hang CI
readonly POLL_INTERVAL_S=0.2       # dockerd takes ~0.4 s here: polling finer gains nothing noticeable
readonly PACKAGES=(docker.io busybox-static)   # docker.io brings containerd, runc, iptables and tini
# Debian's client, the engine's own version: /usr/local/bin/docker, first on PATH, may be a lone newer client.
readonly DOCKER=/usr/bin/docker
readonly BUSYBOX_IMAGE=stepbatch/busybox:local
readonly NODE_BASE_IMAGE=stepbatch/node-base:local
readonly BUILD_CHECK_IMAGE=stepbatch/provision-check:local
readonly ASSEMBLE_ROOT=.ci/images/assemble-root.sh
# Label holding a digest of what an image was built from, so a changed recipe or host node rebuilds it.
readonly RECIPE_LABEL=stepbatch.recipe
readonly IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
readonly SIGTERM_EXIT_CODE=143   # 128 + SIGTERM: the process got the signal; 137 would mean docker had to SIGKILL it
readonly STOP_GRACE_S=10   # docker stop's default; with --init the container ends at once, well within it
export DOCKER_HOST=unix://$DOCKER_SOCKET

say() { echo "provision-docker: $*"; }
die() { echo "provision-docker: ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
seconds_since() { local ms=$(($(now_ms) - $1)); printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)); }

[[ $(id -u) -eq 0 ]] || die "must run as root: it installs packages and starts dockerd"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- 1. packages
missing=()
for pkg in "${PACKAGES[@]}"; do
  [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]} (apt-get update + install)"
  started=$(now_ms)
  apt-get update -qq >"$work/apt.log" 2>&1 || die "apt-get update failed: $(tail -n "$LOG_TAIL_LINES" "$work/apt.log")"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >>"$work/apt.log" 2>&1 || die "apt-get install ${missing[*]} failed: $(tail -n "$LOG_TAIL_LINES" "$work/apt.log")"
  say "installed ${missing[*]} in $(seconds_since "$started") s"
else
  say "packages present: ${PACKAGES[*]}"
fi
[[ -x /usr/sbin/dockerd && -x $DOCKER ]] || die "docker.io is installed but /usr/sbin/dockerd or $DOCKER is missing"

# --- 2. engine
die_with_log() { die "$1; last lines of $DOCKERD_LOG:"$'\n'"$(tail -n "$LOG_TAIL_LINES" "$DOCKERD_LOG")"; }
engine_answers() { timeout "$DOCKER_INFO_TIMEOUT_S" "$DOCKER" info >/dev/null 2>&1; }
if engine_answers; then
  say "engine already answers on $DOCKER_SOCKET"
else
  say "starting dockerd (log: $DOCKERD_LOG)"
  started=$(now_ms)
  # Detached from the script's stdin/stdout so that it outlives this script without holding CI's pipes open;
  # the log holds this start only, so its tail explains a failure.
  /usr/sbin/dockerd --host "$DOCKER_HOST" </dev/null >"$DOCKERD_LOG" 2>&1 &
  dockerd_pid=$!
  until engine_answers; do
    kill -0 "$dockerd_pid" 2>/dev/null || die_with_log "dockerd exited while starting"
    if (($(now_ms) - started > DOCKERD_START_TIMEOUT_S * 1000)); then
      kill "$dockerd_pid"
      die_with_log "dockerd did not answer within $DOCKERD_START_TIMEOUT_S s (stopped it)"
    fi
    sleep "$POLL_INTERVAL_S"
  done
  say "dockerd (pid $dockerd_pid) answers after $(seconds_since "$started") s"
fi
say "engine: $("$DOCKER" info -f 'Docker {{.ServerVersion}}, storage driver {{.Driver}}, cgroup v{{.CgroupVersion}} ({{.CgroupDriver}})')"

# --- 3. base images, built from the host's binaries
recipe_of() { { cat "$ASSEMBLE_ROOT"; echo "$1"; node --version; dpkg-query -W -f='${Version}' busybox-static; } | sha256sum | cut -c 1-16; }
build_image() {
  local kind=$1 image=$2 cmd=$3 recipe built old_id
  recipe=$(recipe_of "$kind")
  built=$("$DOCKER" image inspect -f "{{index .Config.Labels \"$RECIPE_LABEL\"}}" "$image" 2>/dev/null || true)
  if [[ $built == "$recipe" ]]; then
    say "image $image present"
    return
  fi
  old_id=$("$DOCKER" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  say "building $image (docker import of a root assembled from the host)"
  started=$(now_ms)
  mkdir "$work/$kind"
  bash "$ASSEMBLE_ROOT" "$kind" "$work/$kind"
  tar -C "$work/$kind" -c . | "$DOCKER" import \
    --change "LABEL $RECIPE_LABEL=$recipe" --change "ENV PATH=$IMAGE_PATH" --change "CMD [\"$cmd\"]" \
    - "$image" >/dev/null
  rm -rf "${work:?}/$kind"
  say "built $image in $(seconds_since "$started") s"
  if [[ -n $old_id ]]; then
    # Best effort: an image built FROM the old one (a runner image) keeps it alive until that is rebuilt.
    "$DOCKER" rmi "$old_id" >/dev/null 2>&1 && say "removed the outdated $image ($old_id)" || true
  fi
}
build_image busybox "$BUSYBOX_IMAGE" sh
build_image node-base "$NODE_BASE_IMAGE" node
# The examples name docker.io/library/busybox:stable; nothing can be pulled here, so the offline
# busybox answers to that name too (`stepbatch run` finds docker.io images by their local name).
"$DOCKER" tag "$BUSYBOX_IMAGE" busybox:stable
say "tagged $BUSYBOX_IMAGE as busybox:stable"

# --- 4. checks: what the runner and the tests rely on
check() {
  local what=$1 out
  shift
  out=$("$@" 2>&1) || die "$what failed: $out"
  printf '%s' "$out"
}
started=$(now_ms)
out=$(check "docker run of $BUSYBOX_IMAGE" "$DOCKER" run --rm --network host "$BUSYBOX_IMAGE" sh -c 'echo ok')
[[ $out == ok ]] || die "docker run of $BUSYBOX_IMAGE printed '$out', expected 'ok'"
say "checked: $BUSYBOX_IMAGE runs sh with host networking"

out=$(check "docker run of $NODE_BASE_IMAGE" "$DOCKER" run --rm "$NODE_BASE_IMAGE" node -e 'console.log(process.version)')
[[ $out == "$(node --version)" ]] || die "node in $NODE_BASE_IMAGE printed '$out', expected '$(node --version)'"
say "checked: $NODE_BASE_IMAGE runs node $out"

printf 'FROM %s\nRUN node -e 1\n' "$NODE_BASE_IMAGE" >"$work/Dockerfile"
check "docker build FROM $NODE_BASE_IMAGE (classic builder)" \
  env DOCKER_BUILDKIT=0 "$DOCKER" build -q -t "$BUILD_CHECK_IMAGE" - <"$work/Dockerfile" >/dev/null
check "removing $BUILD_CHECK_IMAGE" "$DOCKER" rmi "$BUILD_CHECK_IMAGE" >/dev/null
say "checked: docker build FROM $NODE_BASE_IMAGE with a RUN step"

# The runner starts children with Init: true so that docker stop's SIGTERM reaches the step's process.
container=$(check "docker run --init" "$DOCKER" run -d --init "$BUSYBOX_IMAGE" sleep 300)
check "docker stop" "$DOCKER" stop -t "$STOP_GRACE_S" "$container" >/dev/null
code=$(check "docker inspect" "$DOCKER" inspect -f '{{.State.ExitCode}}' "$container")
check "docker rm" "$DOCKER" rm "$container" >/dev/null
[[ $code == "$SIGTERM_EXIT_CODE" ]] ||
  die "with --init, docker stop ended the container with exit code $code, expected $SIGTERM_EXIT_CODE (SIGTERM forwarded by docker-init)"
say "checked: --init forwards SIGTERM (exit code $code)"
say "all checks passed in $(seconds_since "$started") s"
