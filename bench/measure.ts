import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface Measurement {
  wallSeconds: number;
  /** Highest sum of resident memory over the process and its descendants, sampled. */
  peakRssBytes: number;
  exitCode: number | null;
}

const SAMPLE_MILLIS = 50;

/**
 * Runs a command and measures it from outside: wall time, and the peak resident memory of its
 * whole process tree (worker threads live in the process; child processes are added up).
 */
export async function measure(command: string, args: string[], cwd?: string): Promise<Measurement> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  let peak = 0;
  const timer = setInterval(() => {
    if (child.pid === undefined) return;
    void treeRss(child.pid).then((rss) => (peak = Math.max(peak, rss)));
  }, SAMPLE_MILLIS);
  const exitCode = await new Promise<number | null>((done) =>
    child.on('exit', (code) => done(code)),
  );
  clearInterval(timer);
  return { wallSeconds: (performance.now() - started) / 1000, peakRssBytes: peak, exitCode };
}

async function treeRss(root: number): Promise<number> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(entry), Number(fields[1]));
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  let total = 0;
  for (const pid of tree) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    if (kb !== undefined) total += Number(kb) * 1024;
  }
  return total;
}
