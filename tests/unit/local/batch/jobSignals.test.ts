import { describe, expect, it } from "vitest";
import { JobSignals } from "../../../../local/batch/jobSignals";
import { trapSignals } from "../../../../runner-image/src/signals";

describe("JobSignals", () => {
  it("reaches only the runner that listens to it", () => {
    const one = new JobSignals();
    const other = new JobSignals();
    const trapOne = trapSignals(one);
    const trapOther = trapSignals(other);
    one.send("SIGTERM");
    expect(trapOne.received()).toBe("SIGTERM");
    expect(trapOther.received()).toBeUndefined();
    trapOne.release();
    trapOther.release();
  });

  it("hands a signal sent before the runner listened to it as it starts listening", () => {
    const signals = new JobSignals();
    signals.send("SIGTERM");
    const trap = trapSignals(signals);
    expect(trap.received()).toBe("SIGTERM");
    trap.release();
  });

  it("stops calling a listener once it is removed", () => {
    const signals = new JobSignals();
    let calls = 0;
    const listener = () => calls++;
    signals.on("SIGINT", listener);
    signals.off("SIGINT", listener);
    signals.send("SIGINT");
    expect(calls).toBe(0);
  });
});
