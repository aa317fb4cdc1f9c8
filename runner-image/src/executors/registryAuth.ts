import { ECRClient, GetAuthorizationTokenCommand } from "@aws-sdk/client-ecr";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { hasRegistryHost } from "../../../shared/compiler/images";
import { RegistryAuthFailed } from "./errors";
import type { ImageRef } from "./types";

/** What the engine needs to pull from a registry that wants credentials (its X-Registry-Auth). */
export interface RegistryCredentials {
  username: string;
  password: string;
  serveraddress: string;
}

/** Credentials for pulling an image, or undefined to pull anonymously. */
export interface RegistryAuthProvider {
  credentialsFor(image: ImageRef): Promise<RegistryCredentials | undefined>;
}

/** Where images without a registry host come from, and the server address the engine keys Docker Hub credentials by. */
const DOCKER_HUB = "docker.io";
const DOCKER_HUB_SERVER = "https://index.docker.io/v1/";
/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`: a private ECR registry. */
const ECR_HOST = /^(\d+)\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** The registry host an image is pulled from: its first path component when that names a host, else Docker Hub. */
export function registryHost(imageName: string): string {
  return hasRegistryHost(imageName) ? imageName.slice(0, imageName.indexOf("/")) : DOCKER_HUB;
}

/** The account and region of an ECR registry host; undefined for any other host. */
export function ecrRegistry(host: string): { accountId: string; region: string } | undefined {
  const match = ECR_HOST.exec(host);
  return match ? { accountId: match[1], region: match[2] } : undefined;
}

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`: a secret named by ARN, whose region may not be the runner's. */
const SECRET_ARN = /^arn:[a-z-]+:secretsmanager:([a-z0-9-]+):/;

export interface AwsRegistryAuthClients {
  /** An ECR client for a registry's region. */
  ecr?: (region: string) => ECRClient;
  /** A Secrets Manager client for a region; undefined: the runner's own (AWS_REGION, else AWS_DEFAULT_REGION, which job definitions set). */
  secretsManager?: (region: string | undefined) => SecretsManagerClient;
}

/**
 * The reference's rule: an ECR image is pulled with an ECR authorization token for its registry;
 * any other image with `auth` set, with the `{username, password}` JSON of that Secrets Manager
 * secret; anything else anonymously. Clients are made when first needed. No credential ever
 * appears in an error message.
 */
export class AwsRegistryAuth implements RegistryAuthProvider {
  private readonly ecrClients = new Map<string, ECRClient>();
  private readonly secretsClients = new Map<string | undefined, SecretsManagerClient>();
  private readonly makeEcr: (region: string) => ECRClient;
  private readonly makeSecretsManager: (region: string | undefined) => SecretsManagerClient;

  constructor(clients: AwsRegistryAuthClients = {}) {
    this.makeEcr = clients.ecr ?? ((region) => new ECRClient({ region }));
    this.makeSecretsManager =
      clients.secretsManager ?? ((region) => new SecretsManagerClient({ region: region ?? (process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION) }));
  }

  async credentialsFor(image: ImageRef): Promise<RegistryCredentials | undefined> {
    const host = registryHost(image.name);
    const ecr = ecrRegistry(host);
    if (ecr !== undefined) return this.ecrToken(host, ecr.accountId, ecr.region);
    if (image.auth !== undefined) return this.secretCredentials(image.auth, host);
    return undefined;
  }

  private async ecrToken(host: string, accountId: string, region: string): Promise<RegistryCredentials> {
    let client = this.ecrClients.get(region);
    if (client === undefined) this.ecrClients.set(region, (client = this.makeEcr(region)));
    let token: string | undefined;
    try {
      const output = await client.send(new GetAuthorizationTokenCommand({ registryIds: [accountId] }));
      token = output.authorizationData?.[0]?.authorizationToken;
    } catch (error) {
      throw new RegistryAuthFailed(`could not get an ECR authorization token for ${host}: ${(error as Error).message}`, { cause: error });
    }
    // The token is base64 of "AWS:<password>".
    const decoded = token === undefined ? "" : Buffer.from(token, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) throw new RegistryAuthFailed(`ECR returned no usable authorization token for ${host}`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: `https://${host}` };
  }

  private async secretCredentials(secretId: string, host: string): Promise<RegistryCredentials> {
    const region = SECRET_ARN.exec(secretId)?.[1];
    let client = this.secretsClients.get(region);
    if (client === undefined) this.secretsClients.set(region, (client = this.makeSecretsManager(region)));
    let text: string | undefined;
    try {
      text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      throw new RegistryAuthFailed(`could not read the registry credentials in secret ${secretId}: ${(error as Error).message}`, { cause: error });
    }
    const { username, password } = parsedCredentials(text);
    if (username === undefined || password === undefined) {
      throw new RegistryAuthFailed(`secret ${secretId} must hold JSON {"username": "...", "password": "..."} with both as strings`);
    }
    return { username, password, serveraddress: host === DOCKER_HUB ? DOCKER_HUB_SERVER : host };
  }
}

/** The username and password of a secret's JSON text, where they are strings; never the text itself, which must stay out of errors. */
function parsedCredentials(text: string | undefined): { username?: string; password?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text ?? "");
  } catch {
    return {};
  }
  if (typeof value !== "object" || value === null) return {};
  const { username, password } = value as Record<string, unknown>;
  return { ...(typeof username === "string" && { username }), ...(typeof password === "string" && { password }) };
}
