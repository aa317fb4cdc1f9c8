// Notifications: every status change of a stepbatch run, published to the installation's SNS topic.
export { notifyStatusChange, NoTopicError, type NotifyResult } from "./notify";
export { buildNotification, MAX_SUBJECT_LENGTH, type Notification } from "./message";
export { parseStatusChange, StatusEventError, type StatusChange } from "./statusEvent";
