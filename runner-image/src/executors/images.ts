import type Docker from "dockerode";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { engineFailed, engineMessage, engineStatus } from "./engineErrors";
import { ImageUnavailable } from "./errors";
import type { RegistryAuthProvider } from "./registryAuth";
import type { ExecutorLog, ImageRef, PullPolicy } from "./types";

/** A digest shown as `sha256:` and its first 12 hex digits, as `docker images` shortens ids. */
const SHORT_DIGEST_CHARS = "sha256:".length + 12;

/**
 * Makes the image present as the policy says: `never` only looks, `if-not-present` pulls when it
 * is missing, `always` pulls (so a moved tag is picked up; layers already here are not fetched
 * again). Logs the image's id and short digest. `signal` abandons a pull.
 */
export async function ensureImage(
  docker: Docker,
  image: ImageRef,
  policy: PullPolicy,
  { auth, log, signal }: { auth: RegistryAuthProvider; log: ExecutorLog; signal: AbortSignal },
): Promise<void> {
  let present = policy === "always" ? undefined : await inspectImage(docker, image.name);
  if (present === undefined && policy === "never") {
    throw new ImageUnavailable(`image ${image.name} is not on this host, and the pull policy is never`);
  }
  if (present === undefined) {
    await pull(docker, image, auth, log, signal);
    present = await inspectImage(docker, image.name);
    if (present === undefined) throw new ImageUnavailable(`image ${image.name} is still not on this host after a pull that reported no error`);
  }
  const digest = present.RepoDigests?.[0]?.split("@")[1];
  log("image ready", {
    image: image.name,
    id: present.Id.slice(0, SHORT_DIGEST_CHARS),
    ...(digest !== undefined && { digest: digest.slice(0, SHORT_DIGEST_CHARS) }),
  });
}

async function inspectImage(docker: Docker, name: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(name).inspect();
  } catch (error) {
    if (engineStatus(error) === 404) return undefined;
    throw engineFailed(`looking for image ${name}`, error);
  }
}

async function pull(docker: Docker, image: ImageRef, auth: RegistryAuthProvider, log: ExecutorLog, signal: AbortSignal): Promise<void> {
  const credentials = await auth.credentialsFor(image);
  log("pulling image", { image: image.name, authenticated: credentials !== undefined });
  const started = Date.now();
  let progress: Readable;
  try {
    progress = (await docker.pull(image.name, { abortSignal: signal, ...(credentials && { authconfig: credentials }) })) as Readable;
  } catch (error) {
    throw pullFailed(image.name, engineMessage(error), error);
  }
  const failure = await pullError(progress);
  if (failure !== undefined) throw pullFailed(image.name, failure);
  log("pulled image", { image: image.name, duration_ms: Date.now() - started });
}

function pullFailed(name: string, why: string, cause?: unknown): ImageUnavailable {
  return new ImageUnavailable(`could not pull image ${name}: ${why}`, { cause });
}

/**
 * Reads the engine's pull progress (JSON lines) to its end; the first error it reports, if any.
 * A pull fails inside its 200 answer, as a line `{"error": ...}`.
 */
async function pullError(progress: Readable): Promise<string | undefined> {
  let failure: string | undefined;
  try {
    for await (const line of createInterface({ input: progress, crlfDelay: Infinity })) {
      if (line.trim() === "" || failure !== undefined) continue;
      try {
        const event = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
        failure = event.errorDetail?.message ?? event.error;
      } catch {
        failure = `the engine sent unreadable progress: ${line.slice(0, 200)}`;
      }
    }
  } catch (error) {
    failure ??= `the connection to the engine broke: ${(error as Error).message}`;
  }
  return failure;
}
