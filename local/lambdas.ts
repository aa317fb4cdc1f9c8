import type { Context } from "aws-lambda";
import { createChooserHandler } from "../functions/chooser/handler";
import { createGatherHandler } from "../functions/gather/handler";
import { createInitializerHandler } from "../functions/initializer/handler";
import { createLauncherHandler } from "../functions/launcher/handler";
import { createScatterInitHandler } from "../functions/scatter-init/handler";
import { createScatterHandler } from "../functions/scatter/handler";
import { createSubpipesHandler } from "../functions/subpipes/handler";
import type { Services } from "../shared/services/types";
import type { LogWriter } from "../shared/stepLambdas";
import { StatesError } from "./asl/errors";
import type { Json } from "./asl/types";
import type { LambdaFunction } from "./definition";
import { LOCAL_PLACE } from "./place";

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** The installation's Lambda handlers, made over local Services: the same code production deploys. */
export class LocalLambdas {
  private readonly handlers: Record<LambdaFunction | "launcher", Handler>;

  constructor(
    services: Services,
    write: LogWriter,
    private readonly installation: string,
  ) {
    const deps = { services: () => services, write };
    this.handlers = {
      launcher: createLauncherHandler(deps),
      initializer: createInitializerHandler(deps),
      scatter: createScatterHandler(deps),
      "scatter-init": createScatterInitHandler(deps),
      gather: createGatherHandler(deps),
      chooser: createChooserHandler(deps),
      subpipes: createSubpipesHandler(deps),
    } as Record<LambdaFunction | "launcher", Handler>;
  }

  /**
   * Invokes a handler as Step Functions' Lambda integration does: its result is the task's result;
   * its error fails the task with the error's name and a Cause of Lambda's error JSON.
   */
  async invoke(fn: LambdaFunction | "launcher", event: Json): Promise<Json> {
    const functionName = `${this.installation}-${fn}`;
    const context = {
      functionName,
      invokedFunctionArn: `arn:aws:lambda:${LOCAL_PLACE.region}:${LOCAL_PLACE.accountId}:function:${functionName}`,
      awsRequestId: crypto.randomUUID(),
    } as Context;
    try {
      return ((await this.handlers[fn](event, context)) ?? null) as Json;
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
      throw new StatesError(name, JSON.stringify({ errorMessage: message, errorType: name }));
    }
  }
}
