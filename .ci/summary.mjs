// Prints one closing line, "Tests: N passed, N failed[, N skipped]", from vitest's JSON report.
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2];
if (!existsSync(file)) {
  console.log("Tests: 0 passed, 1 failed (the suite did not run: see the type check above)");
} else {
  const r = JSON.parse(readFileSync(file, "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
}
