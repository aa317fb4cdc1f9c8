/**
 * Branches one scatter may expand to. Every item becomes a child execution of the Distributed Map and,
 * usually, a Batch job per step: a million branches is already a day or more of compute and a bill
 * in the hundreds of dollars for state transitions alone, so a bigger product is far more likely two
 * large sources crossed by mistake than intended. The expansion stops as soon as it knows the count
 * would pass this, before the Map starts anything.
 */
export const MAX_SCATTER_ITEMS = 1_000_000;

/**
 * Characters in one line of a file read line by line, one CSV/TSV record, and one item of the item
 * file. An item travels in its branch's execution input, which Step Functions caps at 256 KiB, so a
 * longer one could never run; the cap also keeps a file with no line breaks from filling memory.
 */
export const MAX_LINE_CHARS = 256 * 1024;

/**
 * Bytes of a JSON or YAML file, which are parsed whole (a document has no streamable unit). Parsed
 * values take several times the text's size, and the scatter Lambda runs with little memory.
 */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/**
 * Items of a streamed source (a file or glob that is not the first variable of a product) kept in
 * memory after its first read, so that each combination of the variables before it replays them
 * rather than reading the object store again. A bigger source is read again for each combination,
 * which keeps memory flat: the rereads are bounded by the number of items written.
 */
export const REPLAY_CACHE_ITEMS = 10_000;

/**
 * Characters of item-file text handed to the upload at once: large enough that a million items
 * cross into the stream in a few hundred steps, small next to an upload part (8 MiB).
 */
export const OUTPUT_CHUNK_CHARS = 64 * 1024;
