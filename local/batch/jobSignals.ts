import type { SignalSource, TrappedSignal } from "../../runner-image/src/signals";

/**
 * One job's signals, in place of the process's: many runners share this process, and stopping one
 * job must not reach the others. A signal sent before the runner listens is not lost: a listener
 * added afterwards hears it at once, as a runner started late by a slow image check would.
 */
export class JobSignals implements SignalSource {
  private sent: TrappedSignal | undefined;
  private readonly listeners = new Map<TrappedSignal, Set<() => void>>();

  send(signal: TrappedSignal): void {
    this.sent ??= signal;
    for (const listener of [...(this.listeners.get(signal) ?? [])]) listener();
  }

  on(signal: TrappedSignal, listener: () => void): this {
    let set = this.listeners.get(signal);
    if (set === undefined) this.listeners.set(signal, (set = new Set()));
    set.add(listener);
    if (this.sent === signal) listener();
    return this;
  }

  off(signal: TrappedSignal, listener: () => void): this {
    this.listeners.get(signal)?.delete(listener);
    return this;
  }
}
