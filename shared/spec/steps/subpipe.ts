import type { BuiltStep, StepInput } from "../context";
import { subpipeFields } from "../language";
import { readFields } from "../shapes";
import type { SubpipeStep } from "../types";
import { writtenFlow } from "./common";

export function buildSubpipeStep({ name, body, at, cx }: StepInput): BuiltStep | undefined {
  const v = readFields(body, subpipeFields, cx, "");
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
