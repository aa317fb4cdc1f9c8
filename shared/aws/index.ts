// Production Services: what Lambda handlers use in AWS (the local engine and tests build their own).
export { createServices, containerServices } from "./createServices";
export { settingsFromEnv, MissingSetting, type LambdaContextLike } from "./settings";
export { SfnExecutions } from "./sfnExecutions";
export { SnsNotifier } from "./snsNotifier";
