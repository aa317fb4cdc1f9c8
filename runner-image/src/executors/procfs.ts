import { readFile, readdir } from "node:fs/promises";
import { matchesLabels } from "./labels";

// What the local executor reads from Linux's /proc: the usage of a command's process tree, and the
// processes a local job started (found by the labels in their environment). Elsewhere (macOS) these
// find nothing: usage is then absent, and cleanup removes nothing.

const PROC = "/proc";
/** The local executor puts a child's labels (as JSON) in this environment variable, which its processes inherit. */
export const JOB_LABELS_ENV = "STEPBATCH_JOB_LABELS";
/** USER_HZ, the unit of the times in /proc/<pid>/stat: 100 in the ABI of every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
const KIBIBYTE = 1024;

export interface ProcessInfo {
  pid: number;
  /** Its process group. */
  pgrp: number;
}

/** Memory and CPU time of a process tree at one moment. */
export interface TreeUsage {
  /** Summed resident memory of the live processes. */
  memoryBytes: number;
  /** User + system time of the live processes and of the children they have reaped. */
  cpuMs: number;
}

/** The fields of /proc/<pid>/stat that are read; undefined once the process is gone. */
async function readStat(pid: number): Promise<{ pgrp: number; cpuTicks: number } | undefined> {
  const text = await readFile(`${PROC}/${pid}/stat`, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  // Fields after the command name, which is in parentheses and may hold spaces: rest[n - 3] is field n of proc(5).
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const field = (n: number) => Number(rest[n - 3]);
  return { pgrp: field(5), cpuTicks: field(14) + field(15) + field(16) + field(17) };
}

async function readResidentBytes(pid: number): Promise<number> {
  const status = await readFile(`${PROC}/${pid}/status`, "utf8").catch(() => "");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) * KIBIBYTE : 0;
}

/** A process's children (those of its main thread: a shell's commands are). */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`${PROC}/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return text.split(" ").filter(Boolean).map(Number);
}

/**
 * The usage of `root` and its descendants; undefined when `root` is gone. Times of children a
 * process has reaped count through its cutime/cstime, so finished commands of a shell are included.
 */
export async function treeUsage(root: number): Promise<TreeUsage | undefined> {
  const rootStat = await readStat(root);
  if (rootStat === undefined) return undefined;
  let memoryBytes = 0;
  let cpuTicks = 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    const stat = pid === root ? rootStat : await readStat(pid);
    if (stat === undefined) continue;
    cpuTicks += stat.cpuTicks;
    memoryBytes += await readResidentBytes(pid);
    pending.push(...(await childrenOf(pid)));
  }
  return { memoryBytes, cpuMs: (cpuTicks * 1000) / CLOCK_TICKS_PER_SECOND };
}

/** Every live process whose environment carries job labels matching `labels` (see matchesLabels). */
export async function findLabelledProcesses(labels: Record<string, string>): Promise<ProcessInfo[]> {
  const entries = await readdir(PROC).catch(() => [] as string[]);
  const found: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const jobLabels = await readJobLabels(pid);
    if (jobLabels === undefined || !matchesLabels(jobLabels, labels)) continue;
    const stat = await readStat(pid);
    if (stat !== undefined) found.push({ pid, pgrp: stat.pgrp });
  }
  return found;
}

/** The job labels in a process's environment; undefined for processes without them, and those that cannot be read. */
async function readJobLabels(pid: number): Promise<Record<string, string> | undefined> {
  const environ = await readFile(`${PROC}/${pid}/environ`, "utf8").catch(() => "");
  const prefix = `${JOB_LABELS_ENV}=`;
  const entry = environ.split("\0").find((variable) => variable.startsWith(prefix));
  if (entry === undefined) return undefined;
  try {
    const labels = JSON.parse(entry.slice(prefix.length)) as unknown;
    return typeof labels === "object" && labels !== null ? (labels as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
