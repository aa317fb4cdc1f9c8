import { describe, expect, it } from "vitest";
import { globMatches, retryAction, type AttemptExit } from "../../../../local/batch/retryStrategy";

const exited = (exitCode: number | null, statusReason = "Essential container in task exited"): AttemptExit => ({ statusReason, exitCode });
/** The compiled job definitions' strategy: retry a lost spot host, exit on anything else. */
const HOST_LOSS = {
  attempts: 3,
  evaluateOnExit: [
    { action: "RETRY" as const, onStatusReason: "Host EC2*" },
    { action: "EXIT" as const, onReason: "*" },
  ],
};

describe("retryAction", () => {
  it("exits once the attempts are used up, whatever the conditions say", () => {
    expect(retryAction({ attempts: 2, evaluateOnExit: [{ action: "RETRY", onExitCode: "*" }] }, 2, exited(1))).toBe("EXIT");
    expect(retryAction({ attempts: 1, evaluateOnExit: [] }, 1, exited(1))).toBe("EXIT");
  });

  it("retries while attempts remain when no condition matches", () => {
    expect(retryAction({ attempts: 3, evaluateOnExit: [] }, 1, exited(1))).toBe("RETRY");
    expect(retryAction({ attempts: 3, evaluateOnExit: [{ action: "EXIT", onExitCode: "2" }] }, 2, exited(1))).toBe("RETRY");
  });

  it("takes the first condition whose every pattern matches", () => {
    const strategy = {
      attempts: 5,
      evaluateOnExit: [
        { action: "EXIT" as const, onExitCode: "1", onStatusReason: "Host*" },
        { action: "RETRY" as const, onExitCode: "13*" },
        { action: "EXIT" as const, onExitCode: "*" },
      ],
    };
    expect(retryAction(strategy, 1, exited(1))).toBe("EXIT"); // first needs both; the third catches it
    expect(retryAction(strategy, 1, exited(137))).toBe("RETRY");
    expect(retryAction(strategy, 1, exited(2))).toBe("EXIT");
  });

  it("with the compiled strategy, retries a reclaimed spot host and exits on a command's failure", () => {
    expect(retryAction(HOST_LOSS, 1, exited(null, "Host EC2 (instance i-0abc) terminated."))).toBe("RETRY");
    expect(retryAction(HOST_LOSS, 1, exited(3))).toBe("EXIT");
  });
});

describe("globMatches", () => {
  it("matches exactly without a trailing star and by prefix with one", () => {
    expect(globMatches("Host EC2*", "Host EC2 (instance i-1) terminated.")).toBe(true);
    expect(globMatches("Host EC2", "Host EC2 (instance i-1) terminated.")).toBe(false);
    expect(globMatches("1", "137")).toBe(false);
    expect(globMatches("1*", "137")).toBe(true);
    expect(globMatches("*", "")).toBe(true);
  });
});
