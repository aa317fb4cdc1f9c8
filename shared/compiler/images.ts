import type { ImageSpec } from "../spec/types";
import { cfnText } from "./cfn";
import type { CfnValue } from "./types";

/**
 * The reference rule: a name is fully qualified only if a "." or ":" is followed somewhere later by a
 * "/" (it starts with a registry host: `docker.io/x`, `localhost:5000/x`). Anything else
 * (`ubuntu`, `tools/aligner:1.2`) is an image in the installation's ECR registry.
 */
export function hasRegistryHost(imageName: string): boolean {
  return /[.:].*\//.test(imageName);
}

/**
 * The runner's `image` argument, `{"name", "auth"?}` as JSON text, with short names expanded to the
 * ECR registry. The registry setting may hold `${AWS::Region}`, so the value may be an `Fn::Sub`.
 */
export function imageArgument(image: ImageSpec, ecrRegistry: string): CfnValue {
  const auth = image.auth !== undefined ? { auth: image.auth } : {};
  if (hasRegistryHost(image.name)) return JSON.stringify({ name: image.name, ...auth });
  // JSON text of the name with a leading "/", split where the registry goes in front of it.
  const head = '{"name":"';
  const json = JSON.stringify({ name: `/${image.name}`, ...auth });
  return cfnText(head, { sub: ecrRegistry }, json.slice(head.length));
}
