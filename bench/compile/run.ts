// bench/compile: parse, validate and compile a generated 500-step workflow; print the median time and peak memory.
import { generateWorkflow } from "./generate";
import { parseWorkflow } from "../../shared/spec";
import { compileWorkflow, settingsFromEnv } from "../../shared/compiler";
import { median, printFigures, printTable, round } from "../support/report";

const STEPS = 500;
const WARMUP_RUNS = 5;
const MEASURED_RUNS = 30;
const TARGET_MS = 200;

const text = generateWorkflow(STEPS);
const settings = settingsFromEnv({});
const parseMs: number[] = [];
const compileMs: number[] = [];
let states = 0;
let peakRss = process.memoryUsage().rss;

for (let run = 0; run < WARMUP_RUNS + MEASURED_RUNS; run++) {
  const t0 = performance.now();
  const parsed = parseWorkflow(text, "generated.yaml");
  const t1 = performance.now();
  if (!parsed.ok) throw new Error(`the generated workflow is invalid: ${JSON.stringify(parsed.errors[0])}`);
  const compiled = compileWorkflow(parsed.workflow, { name: "bench", settings });
  const t2 = performance.now();
  states = JSON.stringify(compiled.stateMachine).match(/"Type":/g)?.length ?? 0;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (run >= WARMUP_RUNS) {
    parseMs.push(t1 - t0);
    compileMs.push(t2 - t1);
  }
}

const total = median(parseMs.map((p, i) => p + compileMs[i]));
printTable([
  { phase: "parse + validate", median_ms: round(median(parseMs)) },
  { phase: "compile", median_ms: round(median(compileMs)) },
  { phase: "total", median_ms: round(total) },
]);
console.log(`\n${STEPS} steps, ${states} states, ${text.length} bytes of YAML; ${MEASURED_RUNS} runs; target < ${TARGET_MS} ms total; peak RSS ${round(peakRss / 2 ** 20)} MB`);
printFigures({
  steps: STEPS,
  parse_ms_median: round(median(parseMs)),
  compile_ms_median: round(median(compileMs)),
  total_ms_median: round(total),
  peak_rss_mb: round(peakRss / 2 ** 20),
});
