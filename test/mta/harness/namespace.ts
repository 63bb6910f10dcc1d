import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../../pipeline/project-root.js';
import { RESULT_FILE, type Job, type JobResult } from './job.js';
import { UNSHARE_FLAGS } from './prerequisites.js';

const INSIDE = fileURLToPath(new URL('./inside.ts', import.meta.url));

/**
 * Runs the job in a fresh namespace: `unshare` starts inside.ts as the namespace's first
 * process, so every daemon it leaves behind dies with it, and `--kill-child` ends it if the
 * test runner dies first. Resolves with the result it wrote; its output is kept beside it.
 */
export async function runInNamespace(job: Job, timeoutMillis: number): Promise<JobResult> {
  const jobFile = path.join(job.scratch, 'job.json');
  writeFileSync(jobFile, JSON.stringify(job, null, 2));
  const output: string[] = [];
  const child = spawn(
    'unshare',
    [...UNSHARE_FLAGS, process.execPath, '--import', 'tsx', INSIDE, jobFile],
    { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMillis);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  writeFileSync(path.join(job.scratch, 'inside-output.txt'), output.join(''));

  let result: JobResult;
  try {
    result = JSON.parse(readFileSync(path.join(job.scratch, RESULT_FILE), 'utf8')) as JobResult;
  } catch {
    const tail = output.join('').slice(-3000);
    throw new Error(`the namespace process wrote no result (exit ${code}):\n${tail}`);
  }
  if (code !== 0 && result.error === null) result.error = `namespace process exit ${code}`;
  return result;
}
