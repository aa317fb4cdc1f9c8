import type { BuiltStep, StepInput } from "../context";
import { subpipeStep } from "../language";
import type { SubpipeStep } from "../types";
import { writtenFlow } from "./common";

export function buildSubpipeStep({ name, body, at, cx }: StepInput): BuiltStep | undefined {
  const v = subpipeStep.read(body, cx, "");
  if (!v) return undefined;
  const step: SubpipeStep = {
    kind: "subpipe",
    name,
    next: null,
    at,
    subpipe: v.subpipe!,
    ...(v.job_data !== undefined && { jobData: v.job_data }),
    retrieve: v.retrieve ?? [],
    submit: v.submit ?? [],
  };
  return { step, flow: writtenFlow(body, v, cx), jumps: [] };
}
