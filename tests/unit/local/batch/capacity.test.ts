import { describe, expect, it } from "vitest";
import { ComputeCapacity, type Lease, type Resources } from "../../../../local/batch/capacity";

const MACHINE: Resources = { vcpus: 4, memoryMiB: 8192 };
const job = (vcpus: number, memoryMiB = 1024): Resources => ({ vcpus, memoryMiB });

/** Asks for each size in order and records which have started. */
function queue(capacity: ComputeCapacity, sizes: Resources[], signal?: AbortSignal) {
  const started: number[] = [];
  const leases = new Map<number, Lease>();
  const settled = sizes.map((size, i) =>
    capacity.acquire(size, signal).then(
      (lease) => {
        started.push(i);
        leases.set(i, lease);
      },
      (error: unknown) => error,
    ),
  );
  return { started, leases, settled };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("ComputeCapacity", () => {
  it("starts jobs while their vCPUs fit, and the next as one ends", async () => {
    const capacity = new ComputeCapacity(MACHINE);
    const { started, leases } = queue(capacity, [job(2), job(2), job(1), job(1)]);
    await tick();
    expect(started).toEqual([0, 1]);
    leases.get(0)!.release();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it("counts memory as well as vCPUs", async () => {
    const capacity = new ComputeCapacity(MACHINE);
    const { started, leases } = queue(capacity, [job(1, 6000), job(1, 4000)]);
    await tick();
    expect(started).toEqual([0]);
    leases.get(0)!.release();
    await tick();
    expect(started).toEqual([0, 1]);
  });

  it("keeps the queue's order: a small job does not overtake a large one waiting at the head", async () => {
    const capacity = new ComputeCapacity(MACHINE);
    const { started, leases } = queue(capacity, [job(3), job(2), job(1)]);
    await tick();
    expect(started).toEqual([0]);
    leases.get(0)!.release();
    await tick();
    expect(started).toEqual([0, 1, 2]);
  });

  it("runs a job larger than the machine alone, once nothing else runs, and starts nothing beside it", async () => {
    const capacity = new ComputeCapacity(MACHINE);
    expect(capacity.oversized(job(8))).toBe(true);
    expect(capacity.oversized(job(4, 8192))).toBe(false);
    const { started, leases } = queue(capacity, [job(1), job(8), job(1)]);
    await tick();
    expect(started).toEqual([0]);
    leases.get(0)!.release();
    await tick();
    expect(started).toEqual([0, 1]);
    leases.get(1)!.release();
    await tick();
    expect(started).toEqual([0, 1, 2]);
  });

  it("gives back what a lease holds only once", async () => {
    const capacity = new ComputeCapacity(MACHINE);
    const first = queue(capacity, [job(4)]);
    await tick();
    first.leases.get(0)!.release();
    first.leases.get(0)!.release();
    const { started } = queue(capacity, [job(4), job(4)]);
    await tick();
    expect(started).toEqual([0]);
  });

  it("takes an aborted job out of the queue, with the abort's reason, and lets those behind it start", async () => {
    const capacity = new ComputeCapacity(MACHINE);
    const holder = queue(capacity, [job(3)]);
    const controller = new AbortController();
    const aborted = queue(capacity, [job(4)], controller.signal);
    const behind = queue(capacity, [job(1)]);
    await tick();
    expect(behind.started).toEqual([]);
    controller.abort("stopped by the user");
    expect(await aborted.settled[0]).toBe("stopped by the user");
    await tick();
    expect(behind.started).toEqual([0]);
    expect(await queue(capacity, [job(1)], controller.signal).settled[0]).toBe("stopped by the user");
    holder.leases.get(0)!.release();
  });
});
