import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { readSet, type ReadEvent, type SetTask } from './read-set.js';
import { warehousePaths } from '../write/paths.js';

/**
 * A parse worker: reads the rotated sets the pool hands it and posts back one event per file.
 * Functions cannot cross threads, so a task carries the warehouse path, not its helpers.
 */
export type WorkerTask = Omit<SetTask, 'quarantineFile' | 'scratch'> & { warehouse: string };

export type WorkerMessage =
  ReadEvent | { kind: 'done' } | { kind: 'crash'; message: string; code: string | null };

const port = parentPort;
if (port !== null && workerData === 'starttls-census-reader') {
  port.on('message', (task: WorkerTask) => {
    const paths = warehousePaths(task.warehouse);
    const setTask: SetTask = {
      ...task,
      scratch: paths.scratch,
      quarantineFile: paths.quarantineEntry,
    };
    readSet(
      setTask,
      (event) => port.postMessage(event),
      () => performance.now(),
    )
      .then(() => port.postMessage({ kind: 'done' } satisfies WorkerMessage))
      .catch((error: unknown) => {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        const code = (error as NodeJS.ErrnoException | null)?.code ?? null;
        port.postMessage({ kind: 'crash', message, code } satisfies WorkerMessage);
      });
  });
}
