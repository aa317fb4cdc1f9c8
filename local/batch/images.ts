import { ecrRegistry, registryHost } from "../../runner-image/src/executors";
import type { Place } from "./intrinsics";

/** Docker Hub's names for itself in an image reference; the engine stores Hub images without them. */
const DOCKER_HUB_HOSTS = ["docker.io/", "index.docker.io/"];
/** Docker Hub's namespace of official images, which local names leave out (`busybox`, not `library/busybox`). */
const OFFICIAL_NAMESPACE = "library/";

/**
 * The name a step's image has on this machine. The compiler expands a short name (`tools/aligner:1`)
 * into the account's ECR registry, which for a local run is the local place's
 * (`000000000000.dkr.ecr.local.amazonaws.com/tools/aligner:1`): no such registry exists, and the
 * image is the one built here as `tools/aligner:1`. A Docker Hub name is written as `docker images`
 * lists it (`docker.io/library/busybox:stable` is `busybox:stable`). Any other registry's image is
 * left as it is.
 */
export function localImageName(name: string, place: Place): string {
  const host = registryHost(name);
  const ecr = ecrRegistry(host);
  if (ecr?.accountId === place.accountId && ecr.region === place.region) return name.slice(host.length + 1);
  const hub = DOCKER_HUB_HOSTS.find((host) => name.startsWith(host));
  if (hub === undefined) return name;
  const path = name.slice(hub.length);
  return path.startsWith(OFFICIAL_NAMESPACE) ? path.slice(OFFICIAL_NAMESPACE.length) : path;
}
