import type { CfnValue } from "./types";

/**
 * A part of a CloudFormation string: literal text (user data, never interpreted), or an
 * installation setting that may hold `${AWS::Region}`-style references for `Fn::Sub`.
 */
export type CfnTextPart = string | { sub: string };

/**
 * Joins parts into one CloudFormation string: a plain string when no setting needs `Fn::Sub`, else
 * one `Fn::Sub` whose literal parts are escaped (`${` → `${!`), so a user's `${job.x}` survives.
 */
export function cfnText(...parts: CfnTextPart[]): CfnValue {
  const needsSub = parts.some((p) => typeof p !== "string" && p.sub.includes("${"));
  const text = parts
    .map((p) => (typeof p !== "string" ? p.sub : needsSub ? p.replaceAll("${", "${!") : p))
    .join("");
  return needsSub ? { "Fn::Sub": text } : text;
}

export function ref(logicalId: string): CfnValue {
  return { Ref: logicalId };
}
