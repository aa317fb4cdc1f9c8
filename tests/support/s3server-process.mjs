// Runs s3rver for tests/support/s3server.ts in a process of its own. s3rver encrypts listing
// continuation tokens with DES, which Node.js (OpenSSL 3) offers only under
// --openssl-legacy-provider; giving that flag to this process alone keeps the test runner free of it.
import { rmSync } from "node:fs";
import S3rver from "s3rver";

const [directory] = process.argv.slice(2);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

// The parent holds our stdin open and closes it to stop us. If the parent dies, however it dies,
// stdin ends too: we still remove the objects and exit.
process.stdin.on("end", () => {
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
});
process.stdin.resume();
