import { expect, it } from "vitest";
import { parseBranchEvent, parseScatterEvent } from "../../../shared/branches";
import { parseChooserEvent } from "../../../shared/chooser";
import { parseGatherEvent } from "../../../shared/gather";
import { parseSubpipeEvent } from "../../../shared/subpipes";

/** The error `parse` throws for `event`; fails when it parses. */
function refusal(parse: (event: unknown) => unknown, event: unknown): Error {
  try {
    parse(event);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the event to be refused");
}

const repo = { bucket: "data-bucket", prefix: "runs/1", uri: "s3://data-bucket/runs/1" };

it.each([
  ["scatter", parseScatterEvent, null, "scatter event: expected an object, got nothing"],
  ["scatter", parseScatterEvent, { repo: "s3://data-bucket/runs/1" }, "scatter event: field 'repo' must be a repository {bucket, prefix, uri}, got \"s3://data-bucket/runs/1\""],
  ["scatter", parseScatterEvent, { repo, step_name: "S", scatter: "{", inputs: "{}", outputs: "{}" }, "scatter event: field 'scatter' is not JSON text: "],
  ["scatter", parseScatterEvent, { repo, step_name: "S", scatter: "{}", inputs: '{"a": 1}', outputs: "{}" }, "scatter event: field 'inputs' must be JSON text of an object of strings, got a mapping"],
  ["scatter-init", parseBranchEvent, { index: "-1", repo, scatter: {} }, 'scatter-init event: field \'index\' must be a branch number like "0" or "17", got "-1"'],
  ["scatter-init", parseBranchEvent, { index: "0", repo, scatter: "a" }, "scatter-init event: field 'scatter' must be an object, got \"a\""],
  ["gather", parseGatherEvent, { repo: "data-bucket/runs/1", step_name: "S", outputs: "{}" }, "gather event: field 'repo': repository \"data-bucket/runs/1\" is not an S3 URI"],
  ["gather", parseGatherEvent, { repo: repo.uri, outputs: "{}" }, "gather event: field 'step_name' must be a non-empty string, got nothing"],
  ["subpipes", parseSubpipeEvent, { repo: repo.uri }, 'subpipes event: field \'mode\' must be "submit" or "retrieve", got nothing'],
  ["subpipes", parseSubpipeEvent, { mode: "resubmit", repo: repo.uri }, 'subpipes event: field \'mode\' must be "submit" or "retrieve", got "resubmit"'],
  ["subpipes", parseSubpipeEvent, { mode: "submit", repo: repo.uri, step_name: "C", submit: '["a"]' }, "subpipes event: field 'submit' must be JSON text of a list of {\"from\", \"to\"}, got a list"],
  ["subpipes", parseSubpipeEvent, { mode: "retrieve", repo: repo.uri, retrieve: "[]", subpipe: {}, logging: { step_name: "C" } }, "subpipes event: field 'subpipe.sub_repo' must be a non-empty string, got nothing"],
  ["chooser", parseChooserEvent, { repo: repo.uri, inputs: "{}", logging: { step_name: "R" } }, "chooser event: expected either 'expressions' (a list) or 'expression' (one), not both or neither"],
  ["chooser", parseChooserEvent, { repo: repo.uri, inputs: "{}", expressions: "x > 1", logging: { step_name: "R" } }, "chooser event: field 'expressions' must be a list of strings, got \"x > 1\""],
])("%s refuses a malformed event with BadEvent naming the field (%#)", (_lambda, parse, event, message) => {
  const error = refusal(parse, event);
  expect(error.name).toBe("BadEvent");
  expect(error.message.startsWith(message)).toBe(true);
});
