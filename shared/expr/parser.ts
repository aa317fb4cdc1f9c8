import type { BinaryOperator, CallExpr, ComparisonOperator, Expr, SliceExpr } from "./ast";
import { ExpressionError, forbidden, syntaxError } from "./errors";
import { MAX_NESTING_DEPTH } from "./limits";
import { BUILTIN_FUNCTION_NAMES, isBuiltinFunctionName, isReservedName } from "./names";
import { compilePythonRegex, REGEX_FUNCTION_NAMES } from "./python-regex";
import { tokenize, type Token } from "./tokenizer";

const ASSIGNMENT_OPERATORS = new Set(["=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=", "@="]);
const ORDERING_OPERATORS = new Set(["==", "!=", "<", "<=", ">", ">="]);
const EXPRESSION_STARTS = new Set(["(", "[", "{", "-", "+", "~"]);
const EXPRESSION_KEYWORDS = new Set(["True", "False", "None", "not", "lambda"]);

/**
 * Parses one Python expression (the subset of section c.7) into an AST. Throws ExpressionError with code
 * ExpressionSyntax for malformed input and ExpressionForbidden for constructs refused on purpose, both
 * with the column where the problem is.
 */
export function parseExpression(source: string): Expr {
  return new Parser(tokenize(source)).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): Expr {
    this.skipNewlines();
    if (this.peek().kind === "end") throw syntaxError("empty expression", this.peek().position);
    const expr = this.parseExpressionList();
    this.skipNewlines();
    if (this.peek().kind !== "end") throw this.unexpected(this.peek());
    return expr;
  }

  // --- token helpers ---

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index++;
    return token;
  }

  private isOperator(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === "operator" && token.text === text;
  }

  private isKeyword(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === "keyword" && token.text === text;
  }

  private acceptOperator(text: string): boolean {
    if (!this.isOperator(text)) return false;
    this.next();
    return true;
  }

  private expectOperator(text: string): Token {
    if (!this.isOperator(text)) throw this.unexpected(this.peek());
    return this.next();
  }

  private skipNewlines(): void {
    while (this.peek().kind === "newline") this.next();
  }

  private startsExpression(): boolean {
    const token = this.peek();
    switch (token.kind) {
      case "name":
      case "number":
      case "string":
        return true;
      case "keyword":
        return EXPRESSION_KEYWORDS.has(token.text);
      case "operator":
        return EXPRESSION_STARTS.has(token.text);
      default:
        return false;
    }
  }

  private unexpected(token: Token): ExpressionError {
    if (token.kind === "end") return syntaxError("unexpected end of expression", token.position);
    if (token.kind === "newline") return syntaxError("unexpected end of line", token.position);
    if (token.kind === "operator" && ASSIGNMENT_OPERATORS.has(token.text)) {
      return forbidden(`assignment ('${token.text}') is not supported; use '==' to compare`, token.position);
    }
    if (token.kind === "operator" && token.text === ":=") {
      return forbidden("assignment expressions (:=) are not supported", token.position);
    }
    if (token.kind === "keyword" && (token.text === "for" || token.text === "async")) {
      return forbidden("comprehensions and generator expressions are not supported", token.position);
    }
    if (token.kind === "keyword" && token.text === "lambda") {
      return forbidden("lambda expressions are not supported", token.position);
    }
    const text = token.text.length > 20 ? `${token.text.slice(0, 20)}…` : token.text;
    return syntaxError(`unexpected '${text}'`, token.position);
  }

  /** Counts one more level of nesting until `restore`; refuses expressions nested beyond the limit. */
  private deepen(token: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw syntaxError(`expression is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`, token.position);
    }
  }

  private nested<T>(token: Token, parse: () => T): T {
    const saved = this.depth;
    this.deepen(token);
    try {
      return parse();
    } finally {
      this.depth = saved;
    }
  }

  // --- grammar, from lowest to highest precedence ---

  /** `a, b` is a tuple at the top level and in subscripts. */
  private parseExpressionList(): Expr {
    const first = this.parseTest();
    if (!this.isOperator(",")) return first;
    const items = [first];
    while (this.acceptOperator(",") && this.startsExpression()) items.push(this.parseTest());
    return { kind: "tuple", items, position: first.position };
  }

  private parseTest(): Expr {
    if (this.isKeyword("lambda")) throw this.unexpected(this.peek());
    const body = this.parseOr();
    if (!this.isKeyword("if")) return body;
    const ifToken = this.next();
    const test = this.parseOr();
    if (!this.isKeyword("else")) throw syntaxError("expected 'else' in conditional expression", this.peek().position);
    const elseToken = this.next();
    const orElse = this.nested(elseToken, () => this.parseTest());
    return { kind: "conditional", test, body, orElse, position: ifToken.position };
  }

  private parseOr(): Expr {
    return this.parseBoolean("or", () => this.parseAnd());
  }

  private parseAnd(): Expr {
    return this.parseBoolean("and", () => this.parseNot());
  }

  private parseBoolean(operator: "and" | "or", parseOperand: () => Expr): Expr {
    const first = parseOperand();
    if (!this.isKeyword(operator)) return first;
    const position = this.peek().position;
    const operands = [first];
    while (this.isKeyword(operator)) {
      this.next();
      operands.push(parseOperand());
    }
    return { kind: "boolean", operator, operands, position };
  }

  private parseNot(): Expr {
    if (!this.isKeyword("not")) return this.parseComparison();
    const token = this.next();
    const operand = this.nested(token, () => this.parseNot());
    return { kind: "unary", operator: "not", operand, position: token.position };
  }

  private parseComparison(): Expr {
    const first = this.parseBinary(0);
    const rest: { operator: ComparisonOperator; operand: Expr; position: Token["position"] }[] = [];
    for (let operator = this.comparisonOperator(); operator !== undefined; operator = this.comparisonOperator()) {
      const position = this.peek().position;
      this.index += operator.split(" ").length;
      rest.push({ operator, operand: this.parseBinary(0), position });
    }
    return rest.length === 0 ? first : { kind: "compare", first, rest, position: rest[0]!.position };
  }

  private comparisonOperator(): ComparisonOperator | undefined {
    const token = this.peek();
    if (token.kind === "operator" && ORDERING_OPERATORS.has(token.text)) return token.text as ComparisonOperator;
    if (this.isKeyword("in")) return "in";
    if (this.isKeyword("not") && this.isKeyword("in", 1)) return "not in";
    if (this.isKeyword("is")) return this.isKeyword("not", 1) ? "is not" : "is";
    return undefined;
  }

  /** Left-associative binary levels: `|`, `^`, `&`, shifts, `+ -`, `* / // %`; then unary and `**`. */
  private parseBinary(level: number): Expr {
    const operators = BINARY_LEVELS[level];
    if (operators === undefined) return this.parseFactor();
    const saved = this.depth;
    try {
      let left = this.parseBinary(level + 1);
      for (let token = this.peek(); token.kind === "operator" && operators.has(token.text); token = this.peek()) {
        this.deepen(this.next());
        const right = this.parseBinary(level + 1);
        left = { kind: "binary", operator: token.text as BinaryOperator, left, right, position: token.position };
      }
      return left;
    } finally {
      this.depth = saved;
    }
  }

  private parseFactor(): Expr {
    const token = this.peek();
    if (token.kind === "operator" && (token.text === "-" || token.text === "+" || token.text === "~")) {
      this.next();
      const operand = this.nested(token, () => this.parseFactor());
      return { kind: "unary", operator: token.text, operand, position: token.position };
    }
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    if (!this.isOperator("**")) return base;
    const token = this.next();
    const exponent = this.nested(token, () => this.parseFactor());
    return { kind: "binary", operator: "**", left: base, right: exponent, position: token.position };
  }

  private parsePrimary(): Expr {
    let expr = this.parseAtom();
    const saved = this.depth;
    try {
      for (;;) {
        const token = this.peek();
        if (this.isOperator(".")) {
          this.deepen(this.next());
          const name = this.next();
          if (name.kind !== "name") throw syntaxError("expected an attribute name after '.'", name.position);
          this.refuseReservedName(name);
          expr = { kind: "attribute", object: expr, name: name.text, position: name.position };
        } else if (this.isOperator("(")) {
          this.deepen(this.next());
          expr = this.parseCall(expr);
        } else if (this.isOperator("[")) {
          this.deepen(this.next());
          expr = { kind: "subscript", object: expr, index: this.parseSubscript(), position: token.position };
        } else {
          return expr;
        }
      }
    } finally {
      this.depth = saved;
    }
  }

  private parseCall(callee: Expr): CallExpr {
    if (callee.kind === "name" && !isBuiltinFunctionName(callee.name)) {
      throw forbidden(`calling '${callee.name}' is not allowed; callable functions are ${BUILTIN_FUNCTION_NAMES.join(", ")}, and math.*, re.* and methods`, callee.position);
    }
    const args: Expr[] = [];
    const keywords: { name: string; value: Expr }[] = [];
    while (!this.isOperator(")")) {
      const token = this.peek();
      if (this.isOperator("*") || this.isOperator("**")) {
        throw forbidden("argument unpacking (*, **) is not supported", token.position);
      }
      if (token.kind === "name" && this.isOperator("=", 1)) {
        this.refuseReservedName(token);
        if (keywords.some((keyword) => keyword.name === token.text)) {
          throw syntaxError(`keyword argument repeated: ${token.text}`, token.position);
        }
        this.index += 2;
        keywords.push({ name: token.text, value: this.parseTest() });
      } else {
        if (keywords.length > 0) throw syntaxError("positional argument follows keyword argument", token.position);
        args.push(this.parseTest());
      }
      if (!this.acceptOperator(",")) break;
    }
    this.expectOperator(")");
    const call: CallExpr = { kind: "call", callee, args, keywords, position: callee.position };
    checkRegexLiteral(call);
    return call;
  }

  private parseSubscript(): Expr | SliceExpr {
    const first = this.parseSliceOrTest();
    if (this.acceptOperator("]")) return first;
    const items = [first];
    while (this.acceptOperator(",") && !this.isOperator("]")) items.push(this.parseSliceOrTest());
    this.expectOperator("]");
    const slice = items.find((item) => item.kind === "slice");
    if (slice !== undefined) throw syntaxError("slices inside a tuple index are not supported", slice.position);
    return { kind: "tuple", items: items as Expr[], position: first.position };
  }

  private parseSliceOrTest(): Expr | SliceExpr {
    const position = this.peek().position;
    const lower = this.isOperator(":") ? undefined : this.parseTest();
    if (!this.acceptOperator(":")) return lower!;
    const upper = this.startsExpression() ? this.parseTest() : undefined;
    const step = this.acceptOperator(":") && this.startsExpression() ? this.parseTest() : undefined;
    return { kind: "slice", lower, upper, step, position };
  }

  private parseAtom(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case "number":
        this.next();
        return { kind: "constant", value: token.value, position: token.position };
      case "string": {
        let value = "";
        while (this.peek().kind === "string") value += (this.next() as { value: string }).value;
        return { kind: "constant", value, position: token.position };
      }
      case "name":
        this.next();
        this.refuseReservedName(token);
        return { kind: "name", name: token.text, position: token.position };
      case "keyword": {
        const constant = KEYWORD_CONSTANTS.get(token.text);
        if (constant === undefined) throw this.unexpected(token);
        this.next();
        return { kind: "constant", value: constant, position: token.position };
      }
      case "operator":
        if (token.text === "(") return this.nested(token, () => this.parseParenthesized());
        if (token.text === "[") return this.nested(token, () => this.parseList());
        if (token.text === "{") return this.nested(token, () => this.parseDict());
        if (token.text === "...") throw syntaxError("Ellipsis ('...') is not supported", token.position);
        throw this.unexpected(token);
      default:
        throw this.unexpected(token);
    }
  }

  private parseParenthesized(): Expr {
    const open = this.next();
    if (this.acceptOperator(")")) return { kind: "tuple", items: [], position: open.position };
    const first = this.parseTest();
    if (this.acceptOperator(")")) return first;
    const items = [first];
    while (this.acceptOperator(",") && !this.isOperator(")")) items.push(this.parseTest());
    this.expectOperator(")");
    return { kind: "tuple", items, position: open.position };
  }

  private parseList(): Expr {
    const open = this.next();
    const items: Expr[] = [];
    while (!this.isOperator("]")) {
      items.push(this.parseTest());
      if (!this.acceptOperator(",")) break;
    }
    this.expectOperator("]");
    return { kind: "list", items, position: open.position };
  }

  private parseDict(): Expr {
    const open = this.next();
    const entries: { key: Expr; value: Expr }[] = [];
    while (!this.isOperator("}")) {
      if (this.isOperator("**")) throw forbidden("dict unpacking (**) is not supported", this.peek().position);
      const key = this.parseTest();
      if (!this.isOperator(":")) {
        if (this.isOperator(",") || this.isOperator("}")) throw syntaxError("set literals are not supported", open.position);
        throw this.unexpected(this.peek());
      }
      this.next();
      entries.push({ key, value: this.parseTest() });
      if (!this.acceptOperator(",")) break;
    }
    this.expectOperator("}");
    return { kind: "dict", entries, position: open.position };
  }

  private refuseReservedName(token: Token): void {
    if (!isReservedName(token.text)) return;
    const why = token.text.startsWith("_") ? "names starting with '_' are reserved" : "it is reserved";
    throw forbidden(`'${token.text}' is not allowed: ${why}`, token.position);
  }
}

const BINARY_LEVELS: readonly ReadonlySet<string>[] = [
  new Set(["|"]),
  new Set(["^"]),
  new Set(["&"]),
  new Set(["<<", ">>"]),
  new Set(["+", "-"]),
  new Set(["*", "/", "//", "%"]),
];

const KEYWORD_CONSTANTS = new Map<string, null | boolean>([
  ["True", true],
  ["False", false],
  ["None", null],
]);

/** A literal pattern in re.match/search/fullmatch is checked now, so a bad one is refused before deployment. */
function checkRegexLiteral(call: CallExpr): void {
  const { callee, args } = call;
  const pattern = args[0];
  if (callee.kind !== "attribute" || callee.object.kind !== "name" || callee.object.name !== "re") return;
  if (!REGEX_FUNCTION_NAMES.has(callee.name) || pattern?.kind !== "constant" || typeof pattern.value !== "string") return;
  try {
    compilePythonRegex(pattern.value, 0n, "search");
  } catch (error) {
    if (error instanceof ExpressionError) throw syntaxError(error.detail, pattern.position);
    throw error;
  }
}
