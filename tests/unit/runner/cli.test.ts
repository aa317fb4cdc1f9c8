import { describe, expect, it } from "vitest";
import { STEPBATCH_VERSION } from "../../../shared/compiler/settings";
import { runnerCli } from "../../../runner-image/src/cli";

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = "";
  let err = "";
  const code = await runnerCli(argv, env, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const ARGV = ["--commands", '["true"]', "--image", '{"name":"busybox"}', "--repo", "s3://bucket/run"];

describe("stepbatch-runner", () => {
  it("prints its usage for --help and its version for --version", async () => {
    const help = await cli(["--help"]);
    expect(help).toMatchObject({ code: 0, err: "" });
    expect(help.out).toContain("usage: stepbatch-runner --commands JSON --image JSON --repo s3://BUCKET/PREFIX");
    expect(await cli(["--version"])).toEqual({ code: 0, out: `${STEPBATCH_VERSION}\n`, err: "" });
  });

  it("exits 199 with one line naming the flag for a bad argument", async () => {
    expect(await cli([...ARGV, "--skip", "sometimes"])).toEqual({
      code: 199,
      out: "",
      err: "stepbatch-runner: --skip must be one of rerun, output, none, got \"sometimes\"\n",
    });
  });

  it("exits 199 with one line naming the variable the job lacks", async () => {
    expect(await cli(ARGV, { BC_WORKFLOW_NAME: "demo", BC_EXECUTION_ID: "e" })).toEqual({
      code: 199,
      out: "",
      err: "stepbatch-runner: BC_STEP_NAME is not set: the job definition and the submitted job set it\n",
    });
  });

  it("exits 199 with one line when the container's ECS metadata cannot be read", async () => {
    const env = { BC_WORKFLOW_NAME: "demo", BC_STEP_NAME: "s", BC_EXECUTION_ID: "e", ECS_CONTAINER_METADATA_URI_V4: "http://metadata.invalid/v4" };
    let out = "";
    let err = "";
    const code = await runnerCli(ARGV, env, {
      out: (text) => (out += text),
      err: (text) => (err += text),
      fetchJson: async () => {
        throw new Error("connect ECONNREFUSED");
      },
    });
    expect({ code, out, err }).toEqual({
      code: 199,
      out: "",
      err: "stepbatch-runner: cannot read the container's ECS metadata at http://metadata.invalid/v4: connect ECONNREFUSED\n",
    });
  });
});
