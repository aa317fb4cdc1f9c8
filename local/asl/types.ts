import type { StateMachineDefinition } from "aws-local-stepfunctions";

/** JSON as the interpreter passes it between states. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A state machine definition, as the compiler writes it and the interpreter reads it. */
export type Definition = StateMachineDefinition;
export type State = Definition["States"][string];

/**
 * What runs a Task state locally: its effective input (after InputPath and Parameters) in, its
 * result out. Failures throw a StatesError.
 */
export type TaskHandler = (input: Json) => Promise<Json>;

/** The `$$` context an execution starts with (the interpreter adds Execution.Input and StartTime). */
export interface ExecutionContext {
  /** Input: the execution's own input, which the interpreter shows nested machines (Map, Parallel) as theirs. */
  Execution: { Id: string; Name: string; Input?: Json; RoleArn?: string; StartTime?: string };
  StateMachine: { Id: string; Name: string };
  [other: string]: unknown;
}
