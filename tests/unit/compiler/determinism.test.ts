import { performance } from "node:perf_hooks";
import { expect, test } from "vitest";
import { compileWorkflow, type CompileOptions } from "../../../shared/compiler";
import type { Step, Workflow } from "../../../shared/spec/types";
import { batchStep, chooserStep, nativeStep, parallelStep, scatterStep, subpipeStep, workflow } from "../../support/model";
import { allStates, compileValid, SETTINGS, WORKFLOW_NAME } from "./helpers";

/** A workflow of `groups` × 10 steps using every step kind, nested blocks included. */
function bigWorkflow(groups: number): Workflow {
  const steps: Step[] = [];
  for (let g = 0; g < groups; g++) {
    steps.push(
      batchStep({ name: `Prep${g}`, outputs: [{ name: `o${g}`, path: `out/${g}.txt`, dest: "s3://b/f/", s3Tags: {} }], jobTags: { group: `${g}` } }),
      batchStep({ name: `Align${g}`, compute: { gpu: g % 3, spot: g % 2 === 0 }, timeoutSeconds: 3600 }),
      scatterStep({ name: `Split${g}`, steps: [batchStep({ name: `Count${g}` }), batchStep({ name: `Sum${g}` })] }),
      chooserStep({ name: `Route${g}`, choices: [{ if: `job.n > ${g}`, next: `Merge${g}` }] }),
      subpipeStep({ name: `Sub${g}`, subpipe: "child" }),
      parallelStep({ name: `Merge${g}`, branches: [{ if: `job.m == ${g}`, steps: [batchStep({ name: `Left${g}` })] }, { steps: [nativeStep({ name: `Wait${g}`, type: "Wait", body: { Seconds: 1 } })] }] }),
    );
  }
  return workflow(steps);
}

const OPTIONS: CompileOptions = { name: WORKFLOW_NAME, settings: SETTINGS };

test("the same workflow compiles to byte-identical output, and the input is left as it was", () => {
  const input = bigWorkflow(3);
  const before = structuredClone(input);
  const first = JSON.stringify(compileValid(input));
  expect(input).toEqual(before);
  expect(JSON.stringify(compileWorkflow(input, OPTIONS))).toBe(first);
  expect(JSON.stringify(compileWorkflow(bigWorkflow(3), OPTIONS))).toBe(first);
});

test("a 500-step workflow compiles in well under 200 ms (median of five)", () => {
  const big = bigWorkflow(50); // 50 × 10 steps, counting the ones in nested blocks
  const compiled = compileValid(big);
  expect(Object.keys(compiled.template.Resources).length).toBe(50 * 5 + 3);
  expect(allStates(compiled.stateMachine).size).toBeGreaterThan(500);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    compileWorkflow(big, OPTIONS);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  // Half the 200 ms budget (it takes about 11 ms on a 2-core CI machine), so a slowdown shows long before users feel it.
  expect(times[2]).toBeLessThan(100);
});
