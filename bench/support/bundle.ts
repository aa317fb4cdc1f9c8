import { build } from "esbuild";

/**
 * Bundles a benchmark's child script into `outfile` (an ES module for Node 20), as the Lambdas and
 * the runner ship: the child's memory and start-up are then what production's are, with no
 * TypeScript loader in them.
 */
export async function bundleScript(source: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // The SDK's CommonJS modules require Node's own; an ES module bundle needs a require for them.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: "warning",
  });
  return outfile;
}
