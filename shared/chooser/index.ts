// The chooser Lambda: a simple chooser's choice, and a parallel branch's condition.
export { choose, type ChooserOutcome, type Evaluation } from "./choose";
export { chooserVariables } from "./chooserVariables";
export { CONDITION_FAILED, ConditionFailed } from "./conditionFailed";
export { parseChooserEvent, type ChooserRequest } from "./events";
