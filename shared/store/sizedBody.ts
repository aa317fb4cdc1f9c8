import { Readable, Transform, pipeline } from "node:stream";
import { InvalidInput } from "./errors";

/**
 * The smallest chunk a sized body passes on, but the last. With the SDK's default checksums a
 * streamed PutObject goes aws-chunked, one chunk on the wire per chunk of the stream, and S3 refuses
 * chunks under 8 KiB but the last (InvalidChunkSizeError); 64 KiB also keeps the writes few.
 * Chunks this large or larger pass as they are, uncopied.
 */
export const MIN_BODY_CHUNK_BYTES = 64 * 1024;

/**
 * `body` as a stream of exactly `length` bytes, in chunks of at least MIN_BODY_CHUNK_BYTES: one
 * that runs past `length`, or ends short of it, fails with InvalidInput (naming `uri`) instead of
 * sending a request whose body disagrees with its Content-Length, which a server would wait on,
 * or read the next request from. Errors of `body` come out of the returned stream, and destroying
 * that destroys `body`.
 */
export function sizedBody(body: Readable, length: number, uri: string): Readable {
  let seen = 0;
  let held: Buffer[] = [];
  let heldBytes = 0;
  const release = (): Buffer => {
    const chunk = held.length === 1 ? held[0] : Buffer.concat(held, heldBytes);
    held = [];
    heldBytes = 0;
    return chunk;
  };
  const sized = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > length) return done(new InvalidInput(`the body for ${uri} ran past the ${length} bytes given as its contentLength`));
      held.push(chunk);
      heldBytes += chunk.length;
      done(null, heldBytes >= MIN_BODY_CHUNK_BYTES ? release() : undefined);
    },
    flush(done) {
      if (seen < length) return done(new InvalidInput(`the body for ${uri} was ${seen} bytes, not the ${length} given as its contentLength`));
      done(null, heldBytes > 0 ? release() : undefined);
    },
  });
  // The callback keeps a failure from going unhandled; the returned stream reports it.
  return pipeline(body, sized, () => undefined);
}
