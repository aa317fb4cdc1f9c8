// The one substitution engine for `${job.x}`, `${scatter.x}` and `${parent.x}`; policy.ts documents
// what each context (repository template, Lambdas, runner) does.
export { lookupPath, type Lookup } from "./path";
export { substitute } from "./substitute";
export { SubstitutionError, type SubstitutionErrorCode } from "./errors";
export { LAMBDA_POLICY, REPOSITORY_POLICY, RUNNER_POLICY, type Root, type SubstitutionPolicy } from "./policy";
