// Bundles the stepbatch command into dist/ so that `node bin/stepbatch.mjs` runs on plain Node.
// Runs on `npm install` / `npm ci` (the "prepare" script).
import { build } from "esbuild";

await build({
  entryPoints: { stepbatch: "cli/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
