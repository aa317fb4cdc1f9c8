import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ByteBudget } from "../../../runner-image/src/staging/byteBudget";

/** Runs jobs of the given sizes through one budget; the peak bytes held at once, and the order they started in. */
async function run(limit: number, sizes: number[]): Promise<{ peak: number; started: number[] }> {
  const budget = new ByteBudget(limit);
  let held = 0;
  let peak = 0;
  const started: number[] = [];
  await Promise.all(
    sizes.map((bytes, index) =>
      budget.use(bytes, async () => {
        started.push(index);
        held += bytes;
        peak = Math.max(peak, held);
        await sleep(5);
        held -= bytes;
      }),
    ),
  );
  return { peak, started };
}

describe("ByteBudget", () => {
  it("holds no more than its limit at once", async () => {
    expect((await run(100, [40, 40, 40, 40, 10])).peak).toBe(90);
  });

  it("runs a request larger than the whole budget alone", async () => {
    expect((await run(100, [10, 500, 10])).peak).toBe(500);
  });

  it("starts requests in turn, so a large one is not passed over for ever by small ones", async () => {
    expect((await run(100, [60, 60, 10, 10])).started).toEqual([0, 1, 2, 3]);
  });
});
