/**
 * Transfers a staging call keeps in flight. The SDK's HTTP agent holds 50 sockets: 16 transfers,
 * with the 4 parts a multipart upload sends at once, stay under that, so requests never queue
 * inside the agent, and keep a local disk and an instance's network busy (16 matches the ceiling
 * in bench/staging). Upload memory has a bound of its own (UPLOAD_BUFFER_BUDGET_BYTES).
 */
export const TRANSFER_CONCURRENCY = 16;
