import { describe, expect, it } from "vitest";
import type { Definition } from "../../../../local/asl/types";
import {
  DISTRIBUTED_MAP_RESOURCE,
  DistributedMapError,
  LOCAL_TASK_TIMEOUT_SECONDS,
  rewriteDistributedMaps,
} from "../../../../local/distributedMap";
import { compileWorkflow, settingsFromEnv } from "../../../../shared/compiler";
import { batchStep, parallelStep, scatterStep, workflow } from "../../../support/model";
import { mapState, taskProcessor } from "./support";

type Loose = Record<string, any>;

const definition = (states: Loose, startAt = Object.keys(states)[0]) => ({ StartAt: startAt, States: states }) as unknown as Definition;
const pass = { Type: "Pass", End: true };
const inlineMap = (processor: Loose, legacy = false) =>
  legacy
    ? { Type: "Map", Iterator: processor, End: true }
    : { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, ...processor }, End: true };

function refusal(states: Loose): DistributedMapError {
  try {
    rewriteDistributedMaps(definition(states));
  } catch (error) {
    if (error instanceof DistributedMapError) return error;
    throw error;
  }
  throw new Error("expected a DistributedMapError");
}

describe("rewriteDistributedMaps", () => {
  it("replaces a Distributed Map with a Task of its name that keeps its input, output, Retry, Catch and transition", () => {
    const kept = {
      Comment: "fan out",
      InputPath: "$.in",
      ResultSelector: { "all.$": "$" },
      ResultPath: null,
      OutputPath: "$.out",
      Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ["States.ExceedToleratedFailureThreshold"], Next: "After" }],
      Next: "After",
    };
    const { End: _end, ...map } = mapState(taskProcessor(), { ItemSelector: { "v.$": "$$.Map.Item.Value" }, MaxConcurrency: 4, Label: "Fan" });
    const { definition: rewritten } = rewriteDistributedMaps(definition({ Fan: { ...map, ...kept }, After: pass }));
    expect(rewritten.States.Fan).toEqual({ Type: "Task", Resource: DISTRIBUTED_MAP_RESOURCE, TimeoutSeconds: LOCAL_TASK_TIMEOUT_SECONDS, ...kept });
    expect(rewritten.States.After).toEqual(pass);
  });

  it("keeps what the map needs to run", () => {
    const map = mapState(taskProcessor(), {
      ItemReader: {
        Resource: "arn:aws:states:::s3:getObject",
        ReaderConfig: { InputType: "JSONL", MaxItems: 5 },
        Parameters: { "Bucket.$": "$.b", "Key.$": "$.k" },
      },
      ItemSelector: { "v.$": "$$.Map.Item.Value" },
      MaxConcurrencyPath: "$.c",
      ToleratedFailureCount: 2,
      ToleratedFailurePercentagePath: "$.p",
      Label: "Fan",
    });
    expect(rewriteDistributedMaps(definition({ Fan: map })).maps.Fan).toEqual({
      stateName: "Fan",
      label: "Fan",
      itemReader: { inputType: "JSONL", parameters: { "Bucket.$": "$.b", "Key.$": "$.k" }, maxItems: 5 },
      itemSelector: { "v.$": "$$.Map.Item.Value" },
      processor: taskProcessor(),
      maxConcurrencyPath: "$.c",
      toleratedFailureCount: 2,
      toleratedFailurePercentagePath: "$.p",
    });
  });

  it("takes a legacy Parameters as the ItemSelector, and never hands it to the Task", () => {
    const { definition: rewritten, maps } = rewriteDistributedMaps(definition({ Fan: mapState(taskProcessor(), { Parameters: { "v.$": "$$.Map.Item.Value" } }) }));
    expect(maps.Fan.itemSelector).toEqual({ "v.$": "$$.Map.Item.Value" });
    expect(rewritten.States.Fan).not.toHaveProperty("Parameters");
  });

  it("rewrites maps inside Parallel branches, inline Maps and Distributed Map processors, and leaves inline Maps as they are", () => {
    const inner = mapState(taskProcessor());
    const outer = mapState({ StartAt: "Inner", States: { Inner: inner } });
    const states = {
      Fork: {
        Type: "Parallel",
        Branches: [definition({ InBranch: mapState(taskProcessor()) }), definition({ Plain: pass })],
        Next: "Each",
      },
      Each: { ...inlineMap(definition({ InInline: mapState(taskProcessor()) })), End: undefined, Next: "Legacy" },
      Legacy: { ...inlineMap(definition({ InLegacy: mapState(taskProcessor()) }), true), End: undefined, Next: "Outer" },
      Outer: outer,
    };
    const { definition: rewritten, maps } = rewriteDistributedMaps(definition(states));
    const result = rewritten as unknown as Loose;
    expect(Object.keys(maps).sort()).toEqual(["InBranch", "InInline", "InLegacy", "Inner", "Outer"]);
    expect(result.States.Fork.Branches[0].States.InBranch.Resource).toBe(DISTRIBUTED_MAP_RESOURCE);
    expect(result.States.Fork.Branches[1].States.Plain).toEqual(pass);
    expect(result.States.Each.Type).toBe("Map");
    expect(result.States.Each.ItemProcessor.States.InInline.Resource).toBe(DISTRIBUTED_MAP_RESOURCE);
    expect(result.States.Legacy.Iterator.States.InLegacy.Resource).toBe(DISTRIBUTED_MAP_RESOURCE);
    expect(result.States.Outer.Resource).toBe(DISTRIBUTED_MAP_RESOURCE);
    // The outer map's child workflow holds the inner map as its stand-in Task.
    expect(maps.Outer.processor.StartAt).toBe("Inner");
    expect(maps.Outer.processor.States.Inner).toMatchObject({ Type: "Task", Resource: DISTRIBUTED_MAP_RESOURCE });
    expect(maps.Outer.processor).not.toHaveProperty("ProcessorConfig");
  });

  it("leaves the given definition as it was", () => {
    const given = definition({
      Fork: { Type: "Parallel", Branches: [definition({ InBranch: mapState(taskProcessor()) })], Next: "Outer" },
      Outer: mapState({ StartAt: "Inner", States: { Inner: mapState(taskProcessor()) } }),
    });
    const before = structuredClone(given);
    const { definition: rewritten, maps } = rewriteDistributedMaps(given);
    expect(given).toEqual(before);
    (rewritten.States.Outer as Loose).Comment = "changed";
    (maps.Outer.processor.States.Inner as Loose).Comment = "changed";
    expect(given).toEqual(before);
  });

  it("rewrites the compiler's scatters, inside a parallel branch too", () => {
    const compiled = compileWorkflow(
      workflow([
        scatterStep({ name: "Top", errorTolerance: { percent: 10 }, maxConcurrency: 4, steps: [batchStep({ name: "Count" })] }),
        parallelStep({
          name: "Fork",
          branches: [{ steps: [scatterStep({ name: "Side", errorTolerance: { count: 2 }, steps: [batchStep({ name: "Tally" })] })] }],
        }),
      ]),
      { name: "wf", settings: settingsFromEnv({}) },
    );
    const { definition: rewritten, maps } = rewriteDistributedMaps(compiled.stateMachine as unknown as Definition);
    expect(Object.keys(maps).sort()).toEqual(["Side.map", "Top.map"]);
    expect(maps["Top.map"]).toMatchObject({ label: "Top", maxConcurrency: 4, toleratedFailurePercentage: 10, itemReader: { inputType: "JSONL" } });
    expect(maps["Side.map"]).toMatchObject({ toleratedFailureCount: 2 });
    expect(maps["Top.map"].itemSelector).toHaveProperty(["scatter.$"], "$$.Map.Item.Value");
    expect(rewritten.States["Top.map"]).toMatchObject({ Type: "Task", Resource: DISTRIBUTED_MAP_RESOURCE, ResultPath: null });
    expect(JSON.stringify(rewritten)).not.toContain("DISTRIBUTED");
  });

  describe("refuses what the local engine cannot run, naming the state and field", () => {
    it.each([
      ["ItemBatcher", { ItemBatcher: { MaxItemsPerBatch: 10 } }, "UnsupportedField", /"Fan": ItemBatcher/],
      ["ResultWriter", { ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "b", Prefix: "p" } } }, "UnsupportedField", /"Fan": ResultWriter/],
      ["an unknown field", { Items: [1, 2] }, "UnsupportedField", /"Fan": Items: the local engine does not know this field/],
      ["ItemsPath beside an ItemReader", { ItemsPath: "$.list" }, "UnsupportedField", /ItemsPath/],
    ])("%s", (_what, fields, code, message) => {
      const error = refusal({ Fan: mapState(taskProcessor(), fields) });
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    });

    it.each([
      ["a CSV item file", { InputType: "CSV" }, /InputType "CSV" is not run locally; use JSONL or JSON/],
      ["a manifest", { InputType: "MANIFEST" }, /InputType "MANIFEST"/],
      ["no InputType", {}, /InputType undefined/],
      ["a CSV option", { InputType: "JSONL", CSVHeaderLocation: "FIRST_ROW" }, /ReaderConfig.CSVHeaderLocation/],
    ])("%s", (_what, readerConfig, message) => {
      const reader = { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: readerConfig, Parameters: { Bucket: "b", Key: "k" } };
      const error = refusal({ Fan: mapState(taskProcessor(), { ItemReader: reader }) });
      expect(error.code).toBe("UnsupportedItemReader");
      expect(error.message).toMatch(message);
    });

    it("an object listing as the reader", () => {
      const reader = { Resource: "arn:aws:states:::s3:listObjectsV2", Parameters: { Bucket: "b", Prefix: "p" } };
      const error = refusal({ Fan: mapState(taskProcessor(), { ItemReader: reader }) });
      expect(error.code).toBe("UnsupportedItemReader");
      expect(error.message).toContain("s3:listObjectsV2");
    });

    it("two Distributed Maps of one name", () => {
      const error = refusal({
        Fork: { Type: "Parallel", Branches: [definition({ Fan: mapState(taskProcessor()) })], Next: "Fan" },
        Fan: mapState(taskProcessor()),
      });
      expect(error.code).toBe("DuplicateStateName");
      expect(error.message).toContain('"Fan"');
    });
  });
});

describe("LOCAL_TASK_TIMEOUT_SECONDS", () => {
  it("is the most whole seconds that Node's setTimeout can hold", () => {
    const maxDelayMs = 2 ** 31 - 1;
    expect(LOCAL_TASK_TIMEOUT_SECONDS * 1000).toBeLessThanOrEqual(maxDelayMs);
    expect((LOCAL_TASK_TIMEOUT_SECONDS + 1) * 1000).toBeGreaterThan(maxDelayMs);
  });
});
