import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { trapSignals, type TrappedSignal } from "../../../runner-image/src/signals";

describe("trapSignals", () => {
  it("records the first signal and hands it to subscribers once", () => {
    const source = new EventEmitter();
    const trap = trapSignals(source);
    const seen: TrappedSignal[] = [];
    trap.onSignal((signal) => seen.push(signal));
    source.emit("SIGINT");
    source.emit("SIGTERM");
    expect(trap.received()).toBe("SIGINT");
    expect(seen).toEqual(["SIGINT"]);
  });

  it("tells a late subscriber at once", () => {
    const source = new EventEmitter();
    const trap = trapSignals(source);
    source.emit("SIGTERM");
    const seen: TrappedSignal[] = [];
    trap.onSignal((signal) => seen.push(signal));
    expect(seen).toEqual(["SIGTERM"]);
  });

  it("stops telling a subscriber that unsubscribed, and removes its listeners when released", () => {
    const source = new EventEmitter();
    const trap = trapSignals(source);
    const seen: TrappedSignal[] = [];
    const unsubscribe = trap.onSignal((signal) => seen.push(signal));
    unsubscribe();
    expect(source.listenerCount("SIGTERM")).toBe(1);
    trap.release();
    expect(source.listenerCount("SIGTERM")).toBe(0);
    expect(source.listenerCount("SIGINT")).toBe(0);
    source.emit("SIGTERM");
    expect(seen).toEqual([]);
  });
});
