// The gather Lambda: each scatter step's manifest of its branches' output files.
export { countJsonLines } from "./countItems";
export { parseGatherEvent, type GatherRequest } from "./events";
export { gatherOutputs, manifestName, type GatherOutcome, type GatherResult } from "./gatherOutputs";
