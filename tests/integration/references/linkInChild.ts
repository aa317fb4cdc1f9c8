// Runs linkReferences in a process of its own, as a second job on the same host would, and prints its result as JSON.
import { DirectoryStore } from "../../../shared/store";
import { linkReferences } from "../../../runner-image/src/references";

const [root, uri, workspace, cacheDir] = process.argv.slice(2);
const result = await linkReferences({ store: new DirectoryStore(root), references: { ref: uri }, workspace, cacheDir });
process.stdout.write(JSON.stringify(result));
