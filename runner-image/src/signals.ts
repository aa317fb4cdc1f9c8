/** The signals the runner traps: Batch stops a job with SIGTERM; SIGINT is Ctrl-C when run by hand. */
export type TrappedSignal = "SIGTERM" | "SIGINT";
const TRAPPED: readonly TrappedSignal[] = ["SIGTERM", "SIGINT"];

/** The shell's convention, 128 + the signal's number, so Batch shows the job as stopped by that signal. */
export const SIGNAL_EXIT_CODES: Readonly<Record<TrappedSignal, number>> = { SIGTERM: 143, SIGINT: 130 };

/**
 * How long a cancelled child gets between SIGTERM and SIGKILL. Batch (ECS) kills the runner 30 s
 * after its own SIGTERM; 20 s lets the commands flush and exit, and leaves 10 s to upload outputs.
 */
export const CANCEL_GRACE_MS = 20_000;

/** Where signals come from: the process, or an emitter in tests. */
export interface SignalSource {
  on(signal: TrappedSignal, listener: () => void): unknown;
  off(signal: TrappedSignal, listener: () => void): unknown;
}

export interface SignalTrap {
  /** The first trapped signal received, if any. */
  received(): TrappedSignal | undefined;
  /** Calls `handler` once, for the first signal: at once if one was received already. Returns a function that unsubscribes. */
  onSignal(handler: (signal: TrappedSignal) => void): () => void;
  /** Removes the trap's listeners; the signals' defaults apply again. */
  release(): void;
}

/**
 * Traps SIGTERM and SIGINT: while trapped, a signal no longer ends the process; it is recorded,
 * and handed to whoever subscribed (the command block, which cancels the child).
 */
export function trapSignals(source: SignalSource = process): SignalTrap {
  let first: TrappedSignal | undefined;
  const handlers = new Set<(signal: TrappedSignal) => void>();
  const listeners = TRAPPED.map((signal) => {
    const listener = () => {
      if (first !== undefined) return;
      first = signal;
      for (const handler of handlers) handler(signal);
    };
    source.on(signal, listener);
    return { signal, listener };
  });
  return {
    received: () => first,
    onSignal(handler) {
      if (first !== undefined) {
        handler(first);
        return () => {};
      }
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    release() {
      handlers.clear();
      for (const { signal, listener } of listeners) source.off(signal, listener);
    },
  };
}
