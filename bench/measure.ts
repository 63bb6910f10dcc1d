import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Measurement {
  wallSeconds: number;
  /** Highest sum of resident memory over the process and its descendants, sampled. */
  peakRssBytes: number;
  exitCode: number | null;
}

const SAMPLE_MILLIS = 50;
const TREE_EVERY_SAMPLES = 20;

/**
 * Runs a command and measures it from outside: wall time, and the peak resident memory of its
 * whole process tree (worker threads live in the process; child processes are added up).
 */
export async function measure(command: string, args: string[], cwd?: string): Promise<Measurement> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  let peak = 0;
  let tree: number[] = [];
  let samples = 0;
  // The sampler must not take CPU from what it measures: reads are synchronous (no thread pool)
  // and touch only the tree's own status files; the tree is looked up again once a second.
  const timer = setInterval(() => {
    if (child.pid === undefined) return;
    if (samples++ % TREE_EVERY_SAMPLES === 0) tree = processTree(child.pid);
    peak = Math.max(peak, treeRss(tree));
  }, SAMPLE_MILLIS);
  const exitCode = await new Promise<number | null>((done) =>
    child.on('exit', (code) => done(code)),
  );
  clearInterval(timer);
  return { wallSeconds: (performance.now() - started) / 1000, peakRssBytes: peak, exitCode };
}

/** `root` and its descendants, from every process's parent in /proc. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [root];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(entry), Number(fields[1]));
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  return tree;
}

function treeRss(tree: number[]): number {
  let total = 0;
  for (const pid of tree) {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readProc(`/proc/${pid}/status`))?.[1];
    if (kb !== undefined) total += Number(kb) * 1024;
  }
  return total;
}

/** A /proc file's text, or '' when the process has gone. */
function readProc(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
