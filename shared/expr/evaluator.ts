import { binaryOperation, unaryOperation } from "./arithmetic";
import type { ComparisonOperator, Expr } from "./ast";
import { getAttribute } from "./attributes";
import { GLOBALS } from "./builtins";
import { pyContains, pyEquals, pyIs, pyOrder } from "./compare";
import { fromPython, toPython } from "./convert";
import { ExpressionError, pythonError, type SourcePosition } from "./errors";
import { parseExpression } from "./parser";
import { getItem, getSlice } from "./sequences";
import { isTruthy } from "./truthiness";
import { PyDict, PyFunction, PyTuple, typeName, type PyValue } from "./values";

/**
 * Evaluates a parsed expression with Python semantics. `variables` are plain JSON-like values (they shadow
 * the builtins, as Python locals do); the result comes back as plain JS (see fromPython). Throws
 * ExpressionError with code ExpressionEvaluation, placed at the failing part of the expression.
 */
export function evaluate(expr: Expr, variables: Readonly<Record<string, unknown>>): unknown {
  return fromPython(evaluatePython(expr, variables));
}

/** parseExpression then evaluate. */
export function evaluateExpression(source: string, variables: Readonly<Record<string, unknown>>): unknown {
  return evaluate(parseExpression(source), variables);
}

/** Like evaluate, but the result stays a Python value (for str() or repr() of it). */
export function evaluatePython(expr: Expr, variables: Readonly<Record<string, unknown>>): PyValue {
  return evaluateNode(expr, new Scope(variables));
}

class Scope {
  private readonly converted = new Map<string, PyValue>();

  constructor(private readonly variables: Readonly<Record<string, unknown>>) {}

  lookup(name: string): PyValue {
    const cached = this.converted.get(name);
    if (cached !== undefined) return cached;
    if (Object.hasOwn(this.variables, name)) {
      // Converted once, so `x is x` holds and a large input is not converted at every use.
      const value = toPython(this.variables[name], name);
      this.converted.set(name, value);
      return value;
    }
    const global = GLOBALS.get(name);
    if (global === undefined) throw pythonError("NameError", `name '${name}' is not defined`);
    return global;
  }
}

function placed<T>(position: SourcePosition, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof ExpressionError ? error.placedAt(position) : error;
  }
}

function evaluateNode(node: Expr, scope: Scope): PyValue {
  return placed(node.position, () => evaluateUnplaced(node, scope));
}

function evaluateUnplaced(node: Expr, scope: Scope): PyValue {
  const evaluateChild = (child: Expr) => evaluateNode(child, scope);
  switch (node.kind) {
    case "constant":
      return node.value;
    case "name":
      return scope.lookup(node.name);
    case "list":
      return node.items.map(evaluateChild);
    case "tuple":
      return new PyTuple(node.items.map(evaluateChild));
    case "dict":
      return new PyDict(node.entries.map(({ key, value }) => [evaluateChild(key), evaluateChild(value)] as const));
    case "attribute":
      return getAttribute(evaluateChild(node.object), node.name);
    case "subscript": {
      const object = evaluateChild(node.object);
      const { index } = node;
      if (index.kind !== "slice") return getItem(object, evaluateChild(index));
      const bound = (part: Expr | undefined) => (part === undefined ? null : evaluateChild(part));
      return getSlice(object, bound(index.lower), bound(index.upper), bound(index.step));
    }
    case "call": {
      const callee = evaluateChild(node.callee);
      const args = node.args.map(evaluateChild);
      const keywords = new Map(node.keywords.map(({ name, value }) => [name, evaluateChild(value)]));
      if (!(callee instanceof PyFunction)) throw pythonError("TypeError", `'${typeName(callee)}' object is not callable`);
      return callee.call(args, keywords);
    }
    case "unary":
      return unaryOperation(node.operator, evaluateChild(node.operand));
    case "binary":
      return binaryOperation(node.operator, evaluateChild(node.left), evaluateChild(node.right));
    case "boolean": {
      // Python returns the operand that decided the result, not a bool.
      let value: PyValue = null;
      for (const operand of node.operands) {
        value = evaluateChild(operand);
        if (isTruthy(value) === (node.operator === "or")) return value;
      }
      return value;
    }
    case "compare": {
      let left = evaluateChild(node.first);
      for (const { operator, operand, position } of node.rest) {
        const right = evaluateChild(operand);
        if (!placed(position, () => compare(operator, left, right))) return false;
        left = right;
      }
      return true;
    }
    case "conditional":
      return isTruthy(evaluateChild(node.test)) ? evaluateChild(node.body) : evaluateChild(node.orElse);
  }
}

function compare(operator: ComparisonOperator, left: PyValue, right: PyValue): boolean {
  switch (operator) {
    case "==":
      return pyEquals(left, right);
    case "!=":
      return !pyEquals(left, right);
    case "in":
      return pyContains(right, left);
    case "not in":
      return !pyContains(right, left);
    case "is":
      return pyIs(left, right);
    case "is not":
      return !pyIs(left, right);
    default:
      return pyOrder(operator, left, right);
  }
}
