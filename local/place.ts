/**
 * Where a local run pretends to be: the region and account in every ARN it makes (state machines,
 * executions, Lambdas, job definitions and queues). No real account has this id, so a local ARN
 * can never be mistaken for, or sent to, a real resource.
 */
export const LOCAL_PLACE = { region: "local", accountId: "000000000000" } as const;
