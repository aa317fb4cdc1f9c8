import { DEFAULT_INSTALLATION } from "../compiler/settings";
import type { ServiceSettings } from "../services/types";

/**
 * Where a Lambda finds its settings. Each is read when first used, so a handler fails only for
 * what it needs, with a message naming the variable to set.
 *
 * | setting          | from                                                                                       |
 * |------------------|--------------------------------------------------------------------------------------------|
 * | `region`         | the region in the invoked function's ARN, else `AWS_REGION`                                 |
 * | `accountId`      | the account in the invoked function's ARN, else `AWS_ACCOUNT_ID`                            |
 * | `launcherBucket` | `STEPBATCH_LAUNCHER_BUCKET`, else `<installation>-launcher-<account>` (the compiler's default) |
 * | `topicArn`       | `STEPBATCH_TOPIC_ARN`, else `arn:aws:sns:<region>:<account>:<installation>-notifications`   |
 *
 * `<installation>` is `STEPBATCH_INSTALLATION` (default `stepbatch`), as for the compiler. Region
 * and account come from the function's own ARN rather than from configuration because Lambda
 * always sends it and no deployment step can get it wrong; the variables are for callers without
 * one (`sls invoke local`, whose context has no ARN, and tests). An empty variable counts as unset.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv, context?: LambdaContextLike): ServiceSettings {
  const read = (name: string): string | undefined => env[name] || undefined;
  const arn = context?.invokedFunctionArn?.split(":") ?? [];
  const fromArn = (position: number): string | undefined => arn[position] || undefined;
  const installation = () => read("STEPBATCH_INSTALLATION") ?? DEFAULT_INSTALLATION;
  const settings = {
    get region(): string {
      return fromArn(ARN_REGION) ?? read("AWS_REGION") ?? missing("the region", "AWS_REGION");
    },
    get accountId(): string {
      return fromArn(ARN_ACCOUNT) ?? read("AWS_ACCOUNT_ID") ?? missing("the account id", "AWS_ACCOUNT_ID");
    },
    get launcherBucket(): string {
      return read("STEPBATCH_LAUNCHER_BUCKET") ?? `${installation()}-launcher-${settings.accountId}`;
    },
    get topicArn(): string {
      return read("STEPBATCH_TOPIC_ARN") ?? `arn:aws:sns:${settings.region}:${settings.accountId}:${installation()}-notifications`;
    },
  };
  return settings;
}

/** The part of the Lambda context that settings use. */
export interface LambdaContextLike {
  /** `arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]` */
  invokedFunctionArn?: string;
}

/** Positions in `arn:partition:service:region:account:...`. */
const ARN_REGION = 3;
const ARN_ACCOUNT = 4;

/** A setting that neither the environment nor the Lambda context provides. */
export class MissingSetting extends Error {
  readonly code = "MissingSetting";
  constructor(what: string, variable: string) {
    super(`${what} is unknown: set ${variable}`);
    this.name = "MissingSetting";
  }
}

function missing(what: string, variable: string): never {
  throw new MissingSetting(what, variable);
}
