import Docker from "dockerode";

/** The engine answers a ping in milliseconds; a socket whose daemon hangs must not hang the suite. */
const PING_TIMEOUT_MS = 3_000;

export type EngineProbe = { docker: Docker; skipReason?: undefined } | { docker?: undefined; skipReason: string };

/**
 * The local Docker engine (DOCKER_HOST, else /var/run/docker.sock) if it answers. Without one, tests
 * that need it are skipped with `skipReason` printed once; in CI (CI=true) they must run, so a
 * missing engine fails the file instead.
 */
export async function probeDockerEngine(suite: string): Promise<EngineProbe> {
  const docker = new Docker();
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)));
    await Promise.race([docker.ping(), timeout]).finally(() => clearTimeout(timer));
    return { docker };
  } catch (error) {
    const why = `no Docker engine answers (${(error as Error).message})`;
    if (process.env.CI === "true") throw new Error(`${suite} must run in CI, but ${why}: run .ci/provision-docker.sh`);
    console.warn(`skipping ${suite}: ${why}`);
    return { skipReason: why };
  }
}
