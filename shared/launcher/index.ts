// The launcher: a job file written to the launcher bucket starts one execution of its workflow.
export { launchJob, stateMachineArn, type Launch, type LaunchInput, type LaunchResult } from "./launch";
export { parseLaunchKey, TEMPORARY_FOLDER, type IgnoreReason, type LaunchKey, type ParsedKey } from "./launchKey";
export { executionName, MAX_EXECUTION_NAME_LENGTH, type Upload } from "./executionName";
export { parseObjectCreated, candidateKeys, LauncherEventError, type ObjectCreated } from "./event";
export { readJobFile, describeJobFile, JobFileError, MAX_JOB_FILE_BYTES, type JobFileErrorCode, type JobFileRef } from "./jobFile";
