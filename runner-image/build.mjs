// Bundles the runner (runner-image/src/main.ts) into one file that plain `node` runs inside the
// runner image, with no node_modules beside it. Usage: node runner-image/build.mjs
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

/** Where the Dockerfile copies the bundle from. */
const RUNNER_BUNDLE = fileURLToPath(new URL("./dist/runner.mjs", import.meta.url));

const BANNER = [
  'import { createRequire as __stepbatchCreateRequire } from "node:module";',
  'import { dirname as __stepbatchDirname } from "node:path";',
  'import { fileURLToPath as __stepbatchFileURLToPath } from "node:url";',
  "const require = __stepbatchCreateRequire(import.meta.url);",
  "const __filename = __stepbatchFileURLToPath(import.meta.url);",
  "const __dirname = __stepbatchDirname(__filename);",
].join("\n");

await build({
  entryPoints: [fileURLToPath(new URL("./src/main.ts", import.meta.url))],
  outfile: RUNNER_BUNDLE,
  bundle: true,
  platform: "node",
  // main.ts awaits at the top level, which only ESM allows.
  format: "esm",
  target: "node20",
  // The bundled CommonJS packages (AWS SDK, dockerode, ssh2) use require() for Node's built-ins and
  // __dirname, which an ES module lacks; the banner defines them.
  banner: { js: BANNER },
  // ssh2 (dockerode's transport for ssh:// hosts, unused here) tries optional native add-ons in try/catch.
  external: ["cpu-features", "*.node"],
  legalComments: "none",
  logLevel: "warning",
});
