// The shapes the compiler emits: an Amazon States Language definition (JSONPath only) and a
// CloudFormation template. Loose on purpose: each step module owns the exact fields it writes.

/** One ASL state; `Type` is the only field every state has. */
export interface AslState {
  Type: string;
  [field: string]: unknown;
}

export type AslStates = Record<string, AslState>;

/** A state machine, or a Map's ItemProcessor / a Parallel's branch. */
export interface AslDefinition {
  StartAt: string;
  States: AslStates;
}

/** A value CloudFormation resolves: a plain string or an intrinsic function object. */
export type CfnValue = string | { Ref: string } | { "Fn::Sub": string | [string, Record<string, CfnValue>] } | { "Fn::GetAtt": [string, string] };

export interface CfnResource {
  Type: string;
  DeletionPolicy?: "Retain" | "Delete";
  UpdateReplacePolicy?: "Retain" | "Delete";
  Properties: Record<string, unknown>;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Parameters?: Record<string, Record<string, unknown>>;
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, { Description: string; Value: CfnValue }>;
}

export interface CompiledWorkflow {
  stateMachine: AslDefinition;
  template: CfnTemplate;
}
