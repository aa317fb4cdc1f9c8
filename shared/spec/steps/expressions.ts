import type { ReadContext } from "../shapes";
import type { SourcePos } from "../types";
// TEMP until shared/expr lands
export function checkExpression(_e: string, _cx: ReadContext, _p: SourcePos, _f: string): void {}
