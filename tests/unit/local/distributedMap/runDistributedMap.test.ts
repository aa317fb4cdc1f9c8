import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StatesError } from "../../../../local/asl/errors";
import type { Json } from "../../../../local/asl/types";
import { DistributedMapError, runDistributedMap, THRESHOLD_EXCEEDED_CAUSE } from "../../../../local/distributedMap";
import type { DirectoryStore } from "../../../../shared/store";
import { BUCKET, Children, distributedMap, jsonLines, mapState, rejection, sleep, taskProcessor, tempStore } from "./support";

let store: DirectoryStore;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ store, cleanup } = await tempStore()));
afterEach(() => cleanup());

const INPUT = { items: { bucket: BUCKET, key: "run/items.jsonl" }, tag: "T" };

interface Work {
  n: number;
  delay?: number;
  fail?: boolean;
}

/** The processor's Task: waits `delay` ms, then fails or answers n * 10. */
const work = async (input: Json) => {
  const { n, delay = 0, fail = false } = input as unknown as Work;
  await sleep(delay);
  if (fail) throw new StatesError("Work.Failed", `item ${n} failed`);
  return { n: n * 10 };
};

async function putItems(items: Json[], key = INPUT.items.key): Promise<void> {
  await store.put(BUCKET, key, jsonLines(items));
}

const readObject = (bucket: string, key: string, versionId?: string) => store.get(bucket, key, versionId ? { versionId } : {});

const workItems = (count: number, extra: (n: number) => Partial<Work> = () => ({})) =>
  Array.from({ length: count }, (_, n): Json => ({ n, ...extra(n) }));

describe("runDistributedMap", () => {
  it("gives each child its ItemSelector input and returns the outputs in item order", async () => {
    // Later items finish first, so completion order is the reverse of item order.
    await putItems(workItems(5, (n) => ({ delay: (5 - n) * 15 })));
    const children = new Children(async (input) => {
      await sleep((input as unknown as { item: Work }).item.delay!);
      return input;
    });
    const map = distributedMap(
      mapState(taskProcessor(), {
        ItemSelector: {
          "index.$": "States.Format('{}', $$.Map.Item.Index)",
          "item.$": "$$.Map.Item.Value",
          "tag.$": "$.tag",
          "run.$": "$$.Execution.Name",
          fixed: "x",
        },
      }),
    );
    const output = (await runDistributedMap(map, INPUT, children.deps({ readObject }))) as Json[];
    expect(output).toEqual(
      [0, 1, 2, 3, 4].map((n) => ({ index: String(n), item: { n, delay: (5 - n) * 15 }, tag: "T", run: "run-1", fixed: "x" })),
    );
    expect(children.statuses("succeeded")).toEqual([4, 3, 2, 1, 0]);
  });

  it("passes each item as it is when there is no ItemSelector", async () => {
    await putItems(["a", { b: 1 }, [2], null]);
    const children = new Children(async (input) => ({ got: input }));
    const output = await runDistributedMap(distributedMap(mapState(taskProcessor())), INPUT, children.deps({ readObject }));
    expect(output).toEqual([{ got: "a" }, { got: { b: 1 } }, { got: [2] }, { got: null }]);
  });

  it("runs at most MaxConcurrency children at once", async () => {
    await putItems(workItems(12, () => ({ delay: 20 })));
    const children = new Children(work);
    await runDistributedMap(distributedMap(mapState(taskProcessor(), { MaxConcurrency: 3 })), INPUT, children.deps({ readObject }));
    expect(children.started).toBe(12);
    expect(children.peak).toBe(3);
  });

  it("caps the children at the engine's maxConcurrency where MaxConcurrency is 0 or absent", async () => {
    await putItems(workItems(12, () => ({ delay: 20 })));
    for (const fields of [{ MaxConcurrency: 0 }, {}]) {
      const children = new Children(work);
      await runDistributedMap(distributedMap(mapState(taskProcessor(), fields)), INPUT, children.deps({ readObject, maxConcurrency: 5 }));
      expect(children.peak).toBe(5);
    }
  });

  it("reads MaxConcurrencyPath from the input", async () => {
    await putItems(workItems(8, () => ({ delay: 20 })));
    const children = new Children(work);
    const map = distributedMap(mapState(taskProcessor(), { MaxConcurrencyPath: "$.limit" }));
    await runDistributedMap(map, { ...INPUT, limit: 2 }, children.deps({ readObject }));
    expect(children.peak).toBe(2);
  });

  describe("tolerated failures", () => {
    const failing = (count: number, failures: number) => workItems(count, (n) => ({ fail: n < failures, delay: 5 }));

    it("fails on the first failure when no tolerance is set", async () => {
      await putItems(failing(4, 1));
      const error = await rejection(runDistributedMap(distributedMap(mapState(taskProcessor())), INPUT, new Children(work).deps({ readObject })));
      expect(error).toBeInstanceOf(StatesError);
      expect(error.name).toBe("States.ExceedToleratedFailureThreshold");
      expect(error.message).toBe(THRESHOLD_EXCEEDED_CAUSE);
    });

    it("passes with exactly ToleratedFailureCount failures and reports each failed child in its place", async () => {
      await putItems(failing(5, 2));
      const children = new Children(work);
      const map = distributedMap(mapState(taskProcessor(), { ToleratedFailureCount: 2 }));
      const output = (await runDistributedMap(map, INPUT, children.deps({ readObject }))) as Json[];
      expect(output.slice(2)).toEqual([{ n: 20 }, { n: 30 }, { n: 40 }]);
      expect(output[1]).toMatchObject({
        Error: "Work.Failed",
        Cause: "item 1 failed",
        Status: "FAILED",
        Input: JSON.stringify({ n: 1, fail: true, delay: 5 }),
      });
      expect(children.statuses("failed").sort()).toEqual([0, 1]);
    });

    it("fails with one failure over ToleratedFailureCount", async () => {
      await putItems(failing(5, 3));
      const map = distributedMap(mapState(taskProcessor(), { ToleratedFailureCount: 2 }));
      const error = await rejection(runDistributedMap(map, INPUT, new Children(work).deps({ readObject })));
      expect(error.name).toBe("States.ExceedToleratedFailureThreshold");
    });

    it("passes at exactly ToleratedFailurePercentage and fails one failure over it", async () => {
      const map = distributedMap(mapState(taskProcessor(), { ToleratedFailurePercentage: 20 }));
      await putItems(failing(10, 2));
      expect(await runDistributedMap(map, INPUT, new Children(work).deps({ readObject }))).toHaveLength(10);
      await putItems(failing(10, 3));
      const error = await rejection(runDistributedMap(map, INPUT, new Children(work).deps({ readObject })));
      expect(error.name).toBe("States.ExceedToleratedFailureThreshold");
    });

    it("fails when either bound is passed where both are set", async () => {
      const map = distributedMap(mapState(taskProcessor(), { ToleratedFailurePercentage: 50, ToleratedFailureCount: 1 }));
      await putItems(failing(10, 2));
      expect((await rejection(runDistributedMap(map, INPUT, new Children(work).deps({ readObject })))).name).toBe(
        "States.ExceedToleratedFailureThreshold",
      );
    });

    it("reads the bounds from ToleratedFailureCountPath and ToleratedFailurePercentagePath", async () => {
      await putItems(failing(10, 3));
      const byCount = distributedMap(mapState(taskProcessor(), { ToleratedFailureCountPath: "$.tolerate.count" }));
      const byPercent = distributedMap(mapState(taskProcessor(), { ToleratedFailurePercentagePath: "$.tolerate.percent" }));
      const input = { ...INPUT, tolerate: { count: 3, percent: 30 } };
      expect(await runDistributedMap(byCount, input, new Children(work).deps({ readObject }))).toHaveLength(10);
      expect(await runDistributedMap(byPercent, input, new Children(work).deps({ readObject }))).toHaveLength(10);
    });

    it("refuses a percentage over 100 with a States.Runtime error naming the field", async () => {
      await putItems(failing(2, 0));
      const map = distributedMap(mapState(taskProcessor(), { ToleratedFailurePercentagePath: "$.p" }));
      const error = await rejection(runDistributedMap(map, { ...INPUT, p: 150 }, new Children(work).deps({ readObject })));
      expect(error.name).toBe("States.Runtime");
      expect(error.message).toContain("ToleratedFailurePercentagePath $.p is 150");
    });

    it("reports a Fail state's Error and Cause for a tolerated child", async () => {
      await putItems([{ ok: true }, { ok: false }]);
      const processor = {
        StartAt: "Check",
        States: {
          Check: { Type: "Choice", Choices: [{ Variable: "$.ok", BooleanEquals: true, Next: "Fine" }], Default: "Broken" },
          Fine: { Type: "Pass", Result: "fine", End: true },
          Broken: { Type: "Fail", Error: "Item.Broken", Cause: "the item is not ok" },
        },
      };
      const map = distributedMap(mapState(processor, { ToleratedFailureCount: 1 }));
      const output = (await runDistributedMap(map, INPUT, new Children().deps({ readObject }))) as Json[];
      expect(output[0]).toBe("fine");
      expect(output[1]).toMatchObject({ Error: "Item.Broken", Cause: "the item is not ok" });
    });

    it("aborts the running children and starts no more once the threshold is passed", async () => {
      // Item 0 fails at once; items 1 to 3 would run for seconds; 4 to 9 wait for a slot.
      await putItems(workItems(10, (n) => (n === 0 ? { fail: true } : { delay: 5_000 })));
      const children = new Children(work);
      const map = distributedMap(mapState(taskProcessor(), { MaxConcurrency: 4 }));
      const began = Date.now();
      const error = await rejection(runDistributedMap(map, INPUT, children.deps({ readObject })));
      expect(error.name).toBe("States.ExceedToleratedFailureThreshold");
      expect(Date.now() - began).toBeLessThan(2_000);
      expect(children.started).toBe(4);
      expect(children.aborted).toBe(3);
      expect(children.running).toBe(0);
      expect(children.statuses("aborted").sort()).toEqual([1, 2, 3]);
    });
  });

  describe("item reader", () => {
    it("reads at most MaxItems items and stops reading the object there", async () => {
      const text = jsonLines(workItems(50_000));
      await store.put(BUCKET, INPUT.items.key, text);
      let bytesRead = 0;
      let source: Readable | undefined;
      const counted = async (bucket: string, key: string) => {
        source = await store.get(bucket, key);
        const counting = async function* (stream: Readable) {
          for await (const chunk of stream) {
            bytesRead += (chunk as Buffer).length;
            yield chunk;
          }
        };
        return Readable.from(counting(source));
      };
      const map = distributedMap(mapState(taskProcessor(), { ItemReader: { ...readerFields(), ReaderConfig: { InputType: "JSONL", MaxItems: 3 } } }));
      const output = await runDistributedMap(map, INPUT, new Children(work).deps({ readObject: counted }));
      expect(output).toEqual([{ n: 0 }, { n: 10 }, { n: 20 }]);
      expect(bytesRead).toBeLessThan(text.length / 4);
      // The counting wrapper closes its source after it is itself closed, a moment later.
      await vi.waitFor(() => expect(source!.destroyed).toBe(true));
    });

    it("reads MaxItemsPath, and 0 reads every item", async () => {
      await putItems(workItems(6));
      const map = distributedMap(mapState(taskProcessor(), { ItemReader: { ...readerFields(), ReaderConfig: { InputType: "JSONL", MaxItemsPath: "$.max" } } }));
      expect(await runDistributedMap(map, { ...INPUT, max: 2 }, new Children(work).deps({ readObject }))).toHaveLength(2);
      expect(await runDistributedMap(map, { ...INPUT, max: 0 }, new Children(work).deps({ readObject }))).toHaveLength(6);
    });

    it("succeeds with no children for an empty item file", async () => {
      await store.put(BUCKET, INPUT.items.key, "");
      const children = new Children(work);
      expect(await runDistributedMap(distributedMap(mapState(taskProcessor())), INPUT, children.deps({ readObject }))).toEqual([]);
      expect(children.started).toBe(0);
    });

    it("skips blank lines and takes CRLF line ends", async () => {
      await store.put(BUCKET, INPUT.items.key, '{"n":1}\r\n\r\n{"n":2}');
      expect(await runDistributedMap(distributedMap(mapState(taskProcessor())), INPUT, new Children(work).deps({ readObject }))).toEqual([
        { n: 10 },
        { n: 20 },
      ]);
    });

    it("fails with States.ItemReaderFailed naming the object and the line that is not JSON, before any child runs", async () => {
      await store.put(BUCKET, INPUT.items.key, '{"n":1}\n{"n":2}\n{"n":\n{"n":4}\n');
      const children = new Children(work);
      const error = await rejection(runDistributedMap(distributedMap(mapState(taskProcessor())), INPUT, children.deps({ readObject })));
      expect(error.name).toBe("States.ItemReaderFailed");
      expect(error.message).toContain(`s3://${BUCKET}/${INPUT.items.key}`);
      expect(error.message).toContain("line 3 is not JSON");
      expect(children.started).toBe(0);
    });

    it("fails with States.ItemReaderFailed naming a missing object", async () => {
      const error = await rejection(runDistributedMap(distributedMap(mapState(taskProcessor())), INPUT, new Children(work).deps({ readObject })));
      expect(error.name).toBe("States.ItemReaderFailed");
      expect(error.message).toContain(`cannot read the item file s3://${BUCKET}/${INPUT.items.key}`);
      expect(error.message).toContain("does not exist");
    });

    it("fails with States.ItemReaderFailed when Bucket or Key is not text", async () => {
      const error = await rejection(
        runDistributedMap(distributedMap(mapState(taskProcessor())), { items: { bucket: BUCKET, key: 7 } }, new Children(work).deps({ readObject })),
      );
      expect(error.name).toBe("States.ItemReaderFailed");
      expect(error.message).toContain('"Key":7');
    });

    it("reads a JSON array with InputType JSON, and refuses JSON that is not an array", async () => {
      const map = distributedMap(mapState(taskProcessor(), { ItemReader: { ...readerFields(), ReaderConfig: { InputType: "JSON", MaxItems: 2 } } }));
      await store.put(BUCKET, INPUT.items.key, JSON.stringify(workItems(3)));
      expect(await runDistributedMap(map, INPUT, new Children(work).deps({ readObject }))).toEqual([{ n: 0 }, { n: 10 }]);
      await store.put(BUCKET, INPUT.items.key, '{"n":1}');
      const error = await rejection(runDistributedMap(map, INPUT, new Children(work).deps({ readObject })));
      expect(error.name).toBe("States.ItemReaderFailed");
      expect(error.message).toContain("not an array");
    });

    it("passes VersionId to the store", async () => {
      const { versionId } = await store.put(BUCKET, INPUT.items.key, jsonLines(workItems(2)));
      const parameters = { "Bucket.$": "$.items.bucket", "Key.$": "$.items.key", "VersionId.$": "$.version" };
      const map = distributedMap(mapState(taskProcessor(), { ItemReader: { ...readerFields(), Parameters: parameters } }));
      expect(await runDistributedMap(map, { ...INPUT, version: versionId! }, new Children(work).deps({ readObject }))).toHaveLength(2);
      const error = await rejection(runDistributedMap(map, { ...INPUT, version: "gone" }, new Children(work).deps({ readObject })));
      expect(error.name).toBe("States.ItemReaderFailed");
    });
  });

  it("takes the items from ItemsPath when there is no ItemReader", async () => {
    const map = distributedMap({
      Type: "Map",
      ItemsPath: "$.list",
      ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED" }, ...taskProcessor() },
      End: true,
    });
    expect(await runDistributedMap(map, { list: workItems(3) }, new Children(work).deps({ readObject }))).toEqual([{ n: 0 }, { n: 10 }, { n: 20 }]);
    const error = await rejection(runDistributedMap(map, { list: { n: 1 } }, new Children(work).deps({ readObject })));
    expect(error.name).toBe("States.Runtime");
    expect(error.message).toContain("ItemsPath $.list is not an array");
  });

  it("fails with the interpreter's States.Runtime when the ItemSelector points nowhere, aborting nothing left running", async () => {
    await putItems(workItems(3));
    const children = new Children(work);
    const map = distributedMap(mapState(taskProcessor(), { ItemSelector: { "x.$": "$.missing" } }));
    const error = await rejection(runDistributedMap(map, INPUT, children.deps({ readObject })));
    expect(error.name).toBe("States.Runtime");
    expect(error.message).toContain("$.missing");
    expect(children.running).toBe(0);
  });

  it("stops the children and rejects when the parent execution is stopped", async () => {
    await putItems(workItems(10, () => ({ delay: 5_000 })));
    const children = new Children(work);
    const parent = new AbortController();
    const map = distributedMap(mapState(taskProcessor(), { MaxConcurrency: 3 }));
    const run = runDistributedMap(map, INPUT, children.deps({ readObject, signal: parent.signal }));
    while (children.started < 3) await sleep(5);
    parent.abort();
    const error = await rejection(run);
    expect(error).toBeInstanceOf(DistributedMapError);
    expect(error.code).toBe("Aborted");
    expect(children.started).toBe(3);
    expect(children.aborted).toBe(3);
    expect(children.running).toBe(0);
  });

  it("rejects at once, reading nothing, when the parent was stopped before the map", async () => {
    const parent = new AbortController();
    parent.abort();
    let reads = 0;
    const counted = (bucket: string, key: string) => (reads++, store.get(bucket, key));
    const error = await rejection(
      runDistributedMap(distributedMap(mapState(taskProcessor())), INPUT, new Children(work).deps({ readObject: counted, signal: parent.signal })),
    );
    expect(error.code).toBe("Aborted");
    expect(reads).toBe(0);
  });
});

function readerFields() {
  return {
    Resource: "arn:aws:states:::s3:getObject",
    ReaderConfig: { InputType: "JSONL" },
    Parameters: { "Bucket.$": "$.items.bucket", "Key.$": "$.items.key" },
  };
}
