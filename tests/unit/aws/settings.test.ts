import { describe, expect, it } from "vitest";
import { MissingSetting, settingsFromEnv } from "../../../shared/aws";

const FUNCTION_ARN = "arn:aws:lambda:eu-west-2:210987654321:function:stepbatch-dev-launcher:live";

describe("settingsFromEnv", () => {
  it("takes the region and account from the invoked function's ARN first", () => {
    const settings = settingsFromEnv({ AWS_REGION: "us-east-1", AWS_ACCOUNT_ID: "123456789012" }, { invokedFunctionArn: FUNCTION_ARN });

    expect([settings.region, settings.accountId]).toEqual(["eu-west-2", "210987654321"]);
  });

  it("else from AWS_REGION and AWS_ACCOUNT_ID (sls invoke local gives no ARN)", () => {
    const settings = settingsFromEnv({ AWS_REGION: "us-east-1", AWS_ACCOUNT_ID: "123456789012" }, {});

    expect([settings.region, settings.accountId]).toEqual(["us-east-1", "123456789012"]);
  });

  it("names the launcher bucket and topic after the installation and account unless told them", () => {
    const defaults = settingsFromEnv({ STEPBATCH_INSTALLATION: "bc-prod" }, { invokedFunctionArn: FUNCTION_ARN });
    const plain = settingsFromEnv({}, { invokedFunctionArn: FUNCTION_ARN });
    const told = settingsFromEnv({ STEPBATCH_LAUNCHER_BUCKET: "my-launcher", STEPBATCH_TOPIC_ARN: "arn:aws:sns:eu-west-2:1:t" });

    expect([defaults.launcherBucket, defaults.topicArn]).toEqual(["bc-prod-launcher-210987654321", "arn:aws:sns:eu-west-2:210987654321:bc-prod-notifications"]);
    expect(plain.launcherBucket).toBe("stepbatch-launcher-210987654321");
    expect([told.launcherBucket, told.topicArn]).toEqual(["my-launcher", "arn:aws:sns:eu-west-2:1:t"]);
  });

  it("fails only when a setting that is unknown is used, naming the variable to set", () => {
    const settings = settingsFromEnv({ AWS_REGION: "us-east-1" });

    expect(settings.region).toBe("us-east-1");
    expect(() => settings.accountId).toThrow(MissingSetting);
    expect(() => settings.accountId).toThrow("the account id is unknown: set AWS_ACCOUNT_ID");
    expect(() => settingsFromEnv({}).region).toThrow("the region is unknown: set AWS_REGION");
  });
});
