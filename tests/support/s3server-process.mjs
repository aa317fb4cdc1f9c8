// Runs s3rver for tests/support/s3server.ts in a process of its own. s3rver encrypts listing
// continuation tokens with DES, which Node.js (OpenSSL 3) offers only under
// --openssl-legacy-provider; giving that flag to this process alone keeps the test runner free of it.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, rmSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import S3rver from "s3rver";

const [directory] = process.argv.slice(2);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
writeBeforeAnswering(server.store);
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

// The parent holds our stdin open and closes it to stop us. If the parent dies, however it dies,
// stdin ends too: we still remove the objects and exit.
process.stdin.on("end", () => {
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
});
process.stdin.resume();

/**
 * s3rver's filesystem store (node_modules/s3rver/lib/stores/filesystem.js) answers a PutObject or
 * UploadPart once it has hashed the body, while the file is still being written, so a read right
 * after a write can come back short, and a CompleteMultipartUpload can join parts not yet whole.
 * These replacements answer once the file is written (its write stream has finished: every byte
 * has reached the operating system, where any later read sees it; no fsync, which only matters if
 * the machine crashes). An object is written beside its key and renamed over it, as S3 replaces
 * an object whole: a reader sees the old content or the new, and an aborted put leaves the old.
 */
function writeBeforeAnswering(store) {
  store.putObject = async function putObject(object) {
    const objectPath = this.getResourcePath(object.bucket, object.key, "object");
    await mkdir(dirname(objectPath), { recursive: true });
    const partial = join(dirname(objectPath), `.partial-${randomBytes(8).toString("hex")}`);
    let written;
    try {
      written = await writeHashed(object.content, partial);
      await rename(partial, objectPath);
    } finally {
      await rm(partial, { force: true });
    }
    await this.putMetadata(object.bucket, object.key, object.metadata, written.md5);
    return written;
  };
  store.putPart = async function putPart(bucket, uploadId, partNumber, content) {
    const partPath = join(this.getResourcePath(bucket, undefined, "uploads"), uploadId, String(partNumber));
    await mkdir(dirname(partPath), { recursive: true });
    const written = await writeHashed(content, partPath);
    await writeFile(`${partPath}.md5`, written.md5);
    return written;
  };
}

/** Writes `content` (a stream or a Buffer) to `path`; its size and MD5 hex once the file is written. */
async function writeHashed(content, path) {
  const md5 = createHash("md5");
  let size = 0;
  const hash = new Transform({
    transform(chunk, _encoding, done) {
      md5.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, hash, createWriteStream(path));
  return { size, md5: md5.digest("hex") };
}
