import { ECRClient, GetAuthorizationTokenCommand } from "@aws-sdk/client-ecr";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { AwsRegistryAuth, RegistryAuthFailed, ecrRegistry, registryHost } from "../../../runner-image/src/executors";

const ecr = mockClient(ECRClient);
const secrets = mockClient(SecretsManagerClient);
const ECR_HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

describe("registryHost and ecrRegistry", () => {
  it("finds the registry an image comes from", () => {
    expect(registryHost(`${ECR_HOST}/tools/aligner:1.2`)).toBe(ECR_HOST);
    expect(registryHost("localhost:5000/x")).toBe("localhost:5000");
    expect(registryHost("ghcr.io/org/tool@sha256:abc")).toBe("ghcr.io");
    expect(registryHost("ubuntu:22.04")).toBe("docker.io");
    expect(registryHost("library/ubuntu")).toBe("docker.io");
  });

  it("reads the account and region of ECR hosts only", () => {
    expect(ecrRegistry(ECR_HOST)).toEqual({ accountId: "123456789012", region: "eu-west-1" });
    expect(ecrRegistry("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com")).toEqual({ accountId: "123456789012", region: "us-gov-west-1" });
    expect(ecrRegistry("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn")).toEqual({ accountId: "123456789012", region: "cn-north-1" });
    expect(ecrRegistry("public.ecr.aws")).toBeUndefined();
    expect(ecrRegistry("docker.io")).toBeUndefined();
  });
});

describe("AwsRegistryAuth", () => {
  beforeEach(() => {
    ecr.reset();
    secrets.reset();
  });

  it("gets an ECR token for the image's registry, from that registry's region", async () => {
    ecr.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [{ authorizationToken: Buffer.from("AWS:token-password").toString("base64") }] });
    const regions: string[] = [];
    const auth = new AwsRegistryAuth({ ecr: (region) => (regions.push(region), new ECRClient({ region })) });

    const credentials = await auth.credentialsFor({ name: `${ECR_HOST}/tools/aligner:1.2`, auth: "ignored-for-ecr" });
    expect(credentials).toEqual({ username: "AWS", password: "token-password", serveraddress: `https://${ECR_HOST}` });
    expect(regions).toEqual(["eu-west-1"]);
    expect(ecr.commandCalls(GetAuthorizationTokenCommand)[0].args[0].input).toEqual({ registryIds: ["123456789012"] });
    expect(secrets.calls()).toHaveLength(0);
  });

  it("reads {username, password} from the Secrets Manager secret named by auth", async () => {
    secrets.on(GetSecretValueCommand, { SecretId: "registry/ghcr" }).resolves({ SecretString: JSON.stringify({ username: "robot", password: "p4ss" }) });
    const auth = new AwsRegistryAuth();

    expect(await auth.credentialsFor({ name: "ghcr.io/org/tool:1", auth: "registry/ghcr" })).toEqual({ username: "robot", password: "p4ss", serveraddress: "ghcr.io" });
    secrets.on(GetSecretValueCommand, { SecretId: "registry/hub" }).resolves({ SecretString: JSON.stringify({ username: "me", password: "hub" }) });
    expect(await auth.credentialsFor({ name: "org/tool:1", auth: "registry/hub" })).toEqual({ username: "me", password: "hub", serveraddress: "https://index.docker.io/v1/" });
  });

  it("reads a secret named by ARN in the ARN's region", async () => {
    const arn = "arn:aws:secretsmanager:us-east-2:123456789012:secret:registry/ghcr-AbCdEf";
    secrets.on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: JSON.stringify({ username: "robot", password: "p4ss" }) });
    const regions: Array<string | undefined> = [];
    const auth = new AwsRegistryAuth({ secretsManager: (region) => (regions.push(region), new SecretsManagerClient({ region: region ?? "eu-west-1" })) });

    expect(await auth.credentialsFor({ name: "ghcr.io/org/tool:1", auth: arn })).toMatchObject({ username: "robot" });
    await auth.credentialsFor({ name: "ghcr.io/org/tool:1", auth: arn });
    expect(regions).toEqual(["us-east-2"]);
  });

  it("pulls other images anonymously, asking no service", async () => {
    expect(await new AwsRegistryAuth().credentialsFor({ name: "ubuntu:22.04" })).toBeUndefined();
    expect(ecr.calls()).toHaveLength(0);
    expect(secrets.calls()).toHaveLength(0);
  });

  it("fails with RegistryAuthFailed, naming the registry or secret and never the secret's content", async () => {
    const auth = new AwsRegistryAuth();
    ecr.on(GetAuthorizationTokenCommand).rejects(Object.assign(new Error("User is not authorized to perform ecr:GetAuthorizationToken"), { name: "AccessDeniedException" }));
    const denied = await auth.credentialsFor({ name: `${ECR_HOST}/tool` }).catch((e: Error) => e);
    expect(denied).toBeInstanceOf(RegistryAuthFailed);
    expect((denied as Error).message).toBe(`could not get an ECR authorization token for ${ECR_HOST}: User is not authorized to perform ecr:GetAuthorizationToken`);

    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"user": "robot", "password": "do-not-show"}' });
    const malformed = await auth.credentialsFor({ name: "ghcr.io/org/tool", auth: "registry/bad" }).catch((e: Error) => e);
    expect(malformed).toBeInstanceOf(RegistryAuthFailed);
    expect((malformed as Error).message).toBe('secret registry/bad must hold JSON {"username": "...", "password": "..."} with both as strings');
    expect((malformed as Error).message).not.toContain("do-not-show");

    secrets.on(GetSecretValueCommand).resolves({ SecretString: "not json do-not-show" });
    expect(((await auth.credentialsFor({ name: "ghcr.io/org/tool", auth: "registry/bad" }).catch((e: Error) => e)) as Error).message).not.toContain("do-not-show");
  });
});
