/**
 * Transfers a staging call keeps in flight. The SDK's HTTP agent holds 50 sockets; 16 transfers
 * (each a stream, and a large upload's parts at most 4 at once) keep them busy without queueing
 * inside the agent, saturate a local disk and an instance's network alike, and bound the memory
 * that large uploads buffer (see S3Store's part size).
 */
export const TRANSFER_CONCURRENCY = 16;
