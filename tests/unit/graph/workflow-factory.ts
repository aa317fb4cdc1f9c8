// Positional shorthands over the shared model factories, so each graph test states only its shape.

import type { BatchStep, ChooserStep, NativeStep, NativeType, ParallelBranch, ParallelStep, ScatterStep, Step, SubpipeStep } from "../../../shared/spec/types";
import { batchStep, chooserStep, nativeStep, parallelStep, scatterStep, subpipeStep } from "../../support/model";

export { workflow } from "../../support/model";

export function batch(name: string, next: string | null = null, image = "docker.io/library/ubuntu"): BatchStep {
  return batchStep({ name, next, image: { name: image } });
}

export function chooser(name: string, choices: Array<[string, string]>, next: string): ChooserStep {
  return chooserStep({ name, next, choices: choices.map(([cond, to]) => ({ if: cond, next: to })) });
}

export function scatter(name: string, keys: string[], steps: Step[], next: string | null = null): ScatterStep {
  return scatterStep({ name, next, steps, scatter: Object.fromEntries(keys.map((key) => [key, ["a", "b"]])) });
}

export function parallel(name: string, branches: ParallelBranch[], next: string | null = null): ParallelStep {
  return parallelStep({ name, next, branches });
}

export function subpipe(name: string, child: string, next: string | null = null): SubpipeStep {
  return subpipeStep({ name, next, subpipe: child });
}

export function native(name: string, type: NativeType, next: string | null = null, branches?: Step[][]): NativeStep {
  return nativeStep({ name, next, type, ...(branches && { branches }) });
}
