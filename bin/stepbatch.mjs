#!/usr/bin/env node
import { existsSync } from "node:fs";

const bundle = new URL("../dist/stepbatch.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("stepbatch: the command is not built yet; run `npm install` in the stepbatch checkout first\n");
  process.exit(2);
}
await import(bundle.href);
