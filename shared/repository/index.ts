// The repository: the S3 folder that holds one execution's files (reference-system.md section e).
export { objectAddress, qualify, repositoryFromUri, subRepository, type Repository } from "./repository";
export { JOB_DATA_NAME, readJobData, writeJobData, type JobData } from "./jobData";
export { clearMarker, markerExists, markerKey, writeMarker } from "./markers";
export { RepositoryError, type RepositoryErrorCode } from "./errors";
export { SYSTEM_TAGS } from "./systemTags";
