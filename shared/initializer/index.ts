// The initializer: the first state of every run, which makes its repository and job data.
export { initializeJob, parseInitializeEvent, InitializeError, type InitializeErrorCode, type InitializeEvent, type JobObject } from "./initialize";
export { launcherAreaOf } from "./launcherArea";
