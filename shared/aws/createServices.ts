import { SFNClient } from "@aws-sdk/client-sfn";
import { SNSClient } from "@aws-sdk/client-sns";
import type { Executions, Notifier, Services } from "../services/types";
import { S3Store, createS3Client, type ObjectStore } from "../store";
import { settingsFromEnv, type LambdaContextLike } from "./settings";
import { SfnExecutions } from "./sfnExecutions";
import { SnsNotifier } from "./snsNotifier";

/**
 * The production Services: S3, Step Functions and SNS through the AWS SDK, in the region of the
 * settings (settingsFromEnv), which `env` and the Lambda context decide rather than the SDK's own
 * search. Each client is made when first used (a handler that never publishes never makes an SNS
 * client) and then kept, so a Lambda container that keeps this object makes each client once.
 *
 * `AWS_ENDPOINT_URL_S3` points the store at an S3-compatible server (e.g. for `sls invoke local`).
 * The SDK reads that variable itself, but then addresses buckets as host names
 * (`bucket.localhost`), which needs DNS for every bucket; handed to createS3Client it is used with
 * the bucket in the path instead.
 */
export function createServices(env: NodeJS.ProcessEnv, context?: LambdaContextLike): Services {
  const settings = settingsFromEnv(env, context);
  let store: ObjectStore | undefined;
  let executions: Executions | undefined;
  let notifier: Notifier | undefined;
  return {
    get store() {
      return (store ??= new S3Store(createS3Client({ region: settings.region, endpoint: env.AWS_ENDPOINT_URL_S3 || undefined })));
    },
    get executions() {
      return (executions ??= new SfnExecutions(new SFNClient({ region: settings.region })));
    },
    get notifier() {
      return (notifier ??= new SnsNotifier(new SNSClient({ region: settings.region })));
    },
    settings,
  };
}

/**
 * For a Lambda handler: the Services of this container, made on the first invocation (whose
 * context names the function's region and account) and kept for the next ones.
 */
export function containerServices(env: NodeJS.ProcessEnv): (context?: LambdaContextLike) => Services {
  let services: Services | undefined;
  return (context) => (services ??= createServices(env, context));
}
