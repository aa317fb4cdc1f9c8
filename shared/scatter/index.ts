// Scatter expansion: a scatter step's sources (workflow-language.md a.4) into the JSON Lines item
// file that the compiled Distributed Map reads, one object per branch, streaming.
export { expandScatter, type ExpandScatterOptions } from "./expandScatter";
export { ScatterError, type ScatterErrorCode } from "./errors";
export { MAX_DOCUMENT_BYTES, MAX_LINE_CHARS, MAX_SCATTER_ITEMS, OUTPUT_CHUNK_CHARS, REPLAY_CACHE_ITEMS } from "./limits";
export { resolveFactor, type SourceContext } from "./factor";
export type { Factor, ItemSource } from "./source";
export { itemFileChunks, planProduct, type ProductPlan } from "./product";
export { resolveReferences, type Resolved } from "./reference";
export { fileSource, fileFormat, type FileFormat } from "./fileSource";
export { globSource } from "./globSource";
export { globRegExp, isGlob, literalPrefix } from "./glob";
export { parseSelector, selectItems, type PathSegment, type PathStep, type Selector } from "./jsonPath";
export { selectFromRecords } from "./selectRecords";
export { csvRecords, csvRows, type CsvRecord } from "./csv";
export { jsonLineValues } from "./jsonLines";
export { splitLines } from "./lines";
export { decodeUtf8 } from "./text";
