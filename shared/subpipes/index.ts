// The subpipes Lambda: a subpipe step's child repository (submit) and the files it hands back (retrieve).
export { copyFiles, type CopiedFile, type CopyPlan } from "./copyFiles";
export { parseSubpipeEvent, type RetrieveRequest, type SubmitRequest, type SubpipeRequest } from "./events";
export { retrieveSubpipe, runSubpipe, submitSubpipe, type SubmitResult, type SubpipeOutcome } from "./runSubpipe";
