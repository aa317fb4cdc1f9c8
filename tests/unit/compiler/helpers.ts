import { expect } from "vitest";
import {
  compileWorkflow,
  jobDefinitionLogicalId,
  settingsFromEnv,
  type AslDefinition,
  type AslState,
  type CfnResource,
  type CompiledWorkflow,
  type CompileOptions,
} from "../../../shared/compiler";
import type { Workflow } from "../../../shared/spec/types";
import { expectValidAsl } from "../../support/asl";


export const WORKFLOW_NAME = "demo-wf";
export const SETTINGS = settingsFromEnv({});

/** Compiles with the default settings and asserts that asl-validator accepts the definition. */
export function compileValid(workflow: Workflow, opts: Partial<CompileOptions> = {}): CompiledWorkflow {
  const compiled = compileWorkflow(workflow, { name: WORKFLOW_NAME, settings: SETTINGS, ...opts });
  expectValidAsl(compiled.stateMachine);
  return compiled;
}

/** Every state in the definition, nested branches and item processors included. */
export function allStates(definition: AslDefinition): Map<string, AslState> {
  const found = new Map<string, AslState>();
  const visit = (d: AslDefinition) => {
    for (const [name, state] of Object.entries(d.States)) {
      found.set(name, state);
      for (const branch of (state.Branches as AslDefinition[] | undefined) ?? []) visit(branch);
      if (state.ItemProcessor) visit(state.ItemProcessor as AslDefinition);
    }
  };
  visit(definition);
  return found;
}

/** The state named `name` anywhere in the definition; fails the test when there is none. */
export function state(compiled: CompiledWorkflow, name: string): AslState {
  const found = allStates(compiled.stateMachine).get(name);
  expect(found, `state '${name}'`).toBeDefined();
  return found as AslState;
}

/** The Properties of a batch step's job definition. */
export function jobDefinitionOf(compiled: CompiledWorkflow, stepName: string): Record<string, any> {
  const resource: CfnResource | undefined = compiled.template.Resources[jobDefinitionLogicalId(stepName)];
  expect(resource, `job definition of '${stepName}'`).toBeDefined();
  return (resource as CfnResource).Properties;
}
