import type { SourcePosition } from "./errors";

export type ConstantValue = null | boolean | bigint | number | string;

export type UnaryOperator = "-" | "+" | "~" | "not";
export type BinaryOperator = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "<<" | ">>" | "&" | "|" | "^";
export type ComparisonOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "is" | "is not";

interface Node {
  /** Where the node's own syntax sits (its operator, name or opening bracket), for error messages. */
  readonly position: SourcePosition;
}

export interface ConstantExpr extends Node {
  readonly kind: "constant";
  readonly value: ConstantValue;
}
export interface NameExpr extends Node {
  readonly kind: "name";
  readonly name: string;
}
export interface ListExpr extends Node {
  readonly kind: "list";
  readonly items: readonly Expr[];
}
export interface TupleExpr extends Node {
  readonly kind: "tuple";
  readonly items: readonly Expr[];
}
export interface DictExpr extends Node {
  readonly kind: "dict";
  readonly entries: readonly { readonly key: Expr; readonly value: Expr }[];
}
export interface AttributeExpr extends Node {
  readonly kind: "attribute";
  readonly object: Expr;
  readonly name: string;
}
export interface SliceExpr extends Node {
  readonly kind: "slice";
  readonly lower: Expr | undefined;
  readonly upper: Expr | undefined;
  readonly step: Expr | undefined;
}
export interface SubscriptExpr extends Node {
  readonly kind: "subscript";
  readonly object: Expr;
  readonly index: Expr | SliceExpr;
}
export interface CallExpr extends Node {
  readonly kind: "call";
  readonly callee: Expr;
  readonly args: readonly Expr[];
  readonly keywords: readonly { readonly name: string; readonly value: Expr }[];
}
export interface UnaryExpr extends Node {
  readonly kind: "unary";
  readonly operator: UnaryOperator;
  readonly operand: Expr;
}
export interface BinaryExpr extends Node {
  readonly kind: "binary";
  readonly operator: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}
/** `a and b and c`: one node, evaluated left to right, returning the deciding operand as Python does. */
export interface BooleanExpr extends Node {
  readonly kind: "boolean";
  readonly operator: "and" | "or";
  readonly operands: readonly Expr[];
}
/** `a < b <= c`: one chained comparison, each operand evaluated once. */
export interface CompareExpr extends Node {
  readonly kind: "compare";
  readonly first: Expr;
  readonly rest: readonly { readonly operator: ComparisonOperator; readonly operand: Expr; readonly position: SourcePosition }[];
}
export interface ConditionalExpr extends Node {
  readonly kind: "conditional";
  readonly test: Expr;
  readonly body: Expr;
  readonly orElse: Expr;
}

export type Expr =
  | ConstantExpr
  | NameExpr
  | ListExpr
  | TupleExpr
  | DictExpr
  | AttributeExpr
  | SubscriptExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | BooleanExpr
  | CompareExpr
  | ConditionalExpr;
