import type { ExecutorChoice, JobEvent } from "../../local/batch";
import type { EngineEvent } from "../../local/engine";
import type { RunProgress, StepProgress } from "../../local/progress";

/** What a main-workflow event changed, for the views to tell. */
export interface Change {
  /** A step of the workflow's own (depth 0) that has ended: another one began, or the run did. */
  ended?: StepProgress;
  /** A step of the workflow's own that began. */
  started?: StepProgress;
  /** A state of a step that Step Functions is retrying (its Retry field). */
  retried?: { step: StepProgress; attempt: number; maxAttempts: number };
  /** A scatter step whose branches moved. */
  branches?: StepProgress;
}

interface Times {
  startedAt: number;
  /** When its last state left; the step's end while it is not running. */
  lastLeftAt?: number;
}

/** The interpreter's default MaxAttempts, for a Retry that names none. */
const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * Timing and executors per step, beside RunProgress (which the caller feeds; this only reads it).
 * A step of the workflow's own ends when the next one begins or the run ends: its states follow one
 * another (`PerSample`, `PerSample.map`, `PerSample.gather`), so the exit of one is no step's end.
 */
export class RunTracker {
  readonly executors = new Map<string, ExecutorChoice>();
  /** The last attempt's log file of each step. */
  readonly logs = new Map<string, string>();
  private readonly times = new Map<string, Times>();
  private readonly byName: Map<string, StepProgress>;
  private current: StepProgress | undefined;

  constructor(readonly progress: RunProgress) {
    const steps = progress.list();
    this.byName = new Map(steps.map((s) => [s.name, s]));
  }

  get workflow(): string {
    return this.progress.workflow;
  }

  steps(): StepProgress[] {
    return this.progress.list();
  }

  /** Call after progress.record(event). */
  event(event: EngineEvent, now: number): Change {
    if (event.workflow !== this.workflow) return {};
    if (event.kind === "item") {
      const step = this.progress.stepOf(event.map);
      return step === undefined ? {} : { branches: step };
    }
    const { event: e } = event;
    if (!("state" in e)) return {};
    const step = this.progress.stepOf(e.state.name);
    if (step === undefined) return {};
    const change: Change = {};
    if (e.type === "StateEntered") {
      if (step.depth === 0 && this.current !== step) {
        if (this.current !== undefined) change.ended = this.current;
        this.current = step;
        change.started = step;
        this.times.set(step.name, { startedAt: now });
      } else if (!this.times.has(step.name)) {
        this.times.set(step.name, { startedAt: now });
      }
    } else {
      const times = this.times.get(step.name);
      if (times !== undefined) times.lastLeftAt = now;
    }
    if (e.type === "StateRetried") change.retried = { step, attempt: e.retry.attempt, maxAttempts: e.retry.retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS };
    return change;
  }

  job(event: JobEvent): void {
    if (event.executor !== undefined) this.executors.set(event.step, event.executor);
    if (event.logFile !== undefined) this.logs.set(event.step, event.logFile);
  }

  /** The run ended: the step of the workflow's own that was running ends with it. */
  finish(): StepProgress | undefined {
    const last = this.current;
    this.current = undefined;
    return last;
  }

  /** How long a step has run: until now while it runs, else until its last state left. */
  elapsed(step: StepProgress, now: number): number | undefined {
    const times = this.times.get(step.name);
    if (times === undefined) return undefined;
    const end = step.status === "running" || this.current === step ? now : (times.lastLeftAt ?? now);
    return end - times.startedAt;
  }

  isCurrent(step: StepProgress): boolean {
    return this.current === step;
  }

  step(name: string): StepProgress | undefined {
    return this.byName.get(name);
  }
}
