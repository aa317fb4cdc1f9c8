import { stateName } from "./names";

export type Transition = { Next: string } | { End: true };

/** Next/End of a step's last state: its successor's first state (named after the step), or the end of the block. */
export function transition(next: string | null): Transition {
  return next === null ? { End: true } : { Next: stateName(next) };
}
