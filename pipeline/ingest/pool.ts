import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerTask } from './worker.js';

// Compiled, the worker is worker.js. Run from TypeScript source (the tests run under tsx), it
// is worker.ts, which a worker can only load after registering tsx's loader itself.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);

// A parse worker allocates a few short-lived strings and objects per line. V8 would give it a
// 48 MB young generation on a 64-bit machine; at 16 MB it parses as fast, and two workers on the
// bench peaked about 40 MB lower, at nearly the same height for 1 GB and for 4 GB of input (at
// 32 MB the heaps were still growing when the 1 GB run ended, and the 4 GB run peaked about 12%
// higher). At 8 MB they peaked 30 MB lower again but ran about 1% slower. A parser's live state
// is tens of MB; with the old generation capped far above that, V8 grows the heap more
// sparingly between full collections (two workers peaked about 60 MB lower on 1 GB files, at
// the same speed).
const OLD_GENERATION_MB = 512;
const YOUNG_GENERATION_MB = 16;

function startWorker(oldGenerationMb: number): Worker {
  const workerData = 'starttls-census-reader';
  const resourceLimits = {
    maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
    maxOldGenerationSizeMb: oldGenerationMb,
  };
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData, resourceLimits });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const bootstrap =
    `import(${tsx}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

/**
 * Runs set tasks on up to `size` worker threads, each taking the next task when it finishes
 * one. Events reach `onEvent` in the order each worker sends them; the promise settles when
 * every task is done, or rejects on the first worker that crashed. Each worker's old
 * generation is capped at `oldGenerationMb`.
 */
export async function runOnWorkers(
  tasks: WorkerTask[],
  size: number,
  onEvent: (message: WorkerMessage) => void,
  oldGenerationMb = OLD_GENERATION_MB,
): Promise<void> {
  const queue = [...tasks];
  const count = Math.max(1, Math.min(size, queue.length));
  const workers: Promise<void>[] = [];
  for (let i = 0; i < count; i++) workers.push(runWorker(queue, onEvent, oldGenerationMb));
  try {
    await Promise.all(workers);
  } finally {
    queue.length = 0;
  }
}

function runWorker(
  queue: WorkerTask[],
  onEvent: (message: WorkerMessage) => void,
  oldGenerationMb: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(oldGenerationMb);
    let current: WorkerTask | null = null;
    const next = () => {
      const task = queue.shift();
      if (task === undefined) {
        void worker.terminate().then(() => resolve());
        return;
      }
      current = task;
      worker.postMessage(task);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'done') next();
      else if (message.kind === 'crash') {
        void worker.terminate();
        // Keep the system error code (ENOSPC, EACCES, ...): it decides the exit code.
        const error: NodeJS.ErrnoException = new Error(`parse worker failed: ${message.message}`);
        if (message.code !== null) error.code = message.code;
        reject(error);
      } else onEvent(message);
    });
    worker.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return reject(error);
      const files = current?.files.map((f) => f.file.path).join(', ') ?? 'a log file';
      reject(
        new Error(
          `${files}: reading it needed more than ${oldGenerationMb} MB of parser state ` +
            '(messages or connections that never complete); the file being read was not ' +
            'published. Ingest the other files without it, or split it into smaller files.',
        ),
      );
    });
    worker.on('exit', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`parse worker exited with code ${code}`));
    });
    next();
  });
}
