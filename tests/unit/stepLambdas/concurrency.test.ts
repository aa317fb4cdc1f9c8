import { expect, it } from "vitest";
import { mapConcurrently } from "../../../shared/stepLambdas";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

it("keeps at most `limit` calls in flight and returns results in item order", async () => {
  let inFlight = 0;
  let most = 0;
  const items = Array.from({ length: 20 }, (_, i) => i);
  const results = await mapConcurrently(items, 3, async (item) => {
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
    inFlight--;
    return item * 2;
  });
  expect(results).toEqual(items.map((i) => i * 2));
  expect(most).toBe(3);
});

it("rejects with the first failure and starts no calls after it", async () => {
  const started: number[] = [];
  const failure = mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (item) => {
    started.push(item);
    await tick();
    if (item === 1) throw new Error("item 1 failed");
    return item;
  });
  await expect(failure).rejects.toThrow("item 1 failed");
  await tick();
  expect(started).toEqual([0, 1, 2]);
});

it("returns an empty list for no items", async () => {
  expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
});
