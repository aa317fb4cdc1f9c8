import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);
/** Packaging bundles every function with esbuild; on a 2-core machine that takes a while. */
const PACKAGE_TIMEOUT_MS = 180_000;

test(
  "sls package builds the installation offline",
  async () => {
    const out = await mkdtemp(join(tmpdir(), "stepbatch-sls-"));
    await run("node", ["node_modules/osls/bin/serverless.js", "package", "--package", out], {
      env: { ...process.env, SLS_TELEMETRY_DISABLED: "1" },
      timeout: PACKAGE_TIMEOUT_MS,
    });
    const template = JSON.parse(await readFile(join(out, "cloudformation-template-update-stack.json"), "utf8"));
    const compiler = template.Resources.CompilerLambdaFunction.Properties;
    expect(compiler.Runtime).toBe("nodejs24.x");
    expect(compiler.Handler).toBe("functions/compiler/handler.handler");
    expect(template.Resources.CompilerMacro).toMatchObject({
      Type: "AWS::CloudFormation::Macro",
      Properties: { Name: "BC2_Compiler", FunctionName: { "Fn::GetAtt": ["CompilerLambdaFunction", "Arn"] } },
    });
    // A zip stores file names uncompressed.
    expect((await readFile(join(out, "stepbatch.zip"))).includes("functions/compiler/handler.mjs")).toBe(true);
  },
  PACKAGE_TIMEOUT_MS,
);
