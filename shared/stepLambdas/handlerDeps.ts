import type { LambdaContextLike } from "../aws/settings";
import type { Services } from "../services/types";
import type { LogWriter } from "./stepLog";

/**
 * What a Lambda handler is made with: production gives each handler module the Services of its
 * container and stdout; the local engine makes the same handlers over its own Services and log.
 */
export interface HandlerDeps {
  services: (context?: LambdaContextLike) => Services;
  write?: LogWriter;
}
