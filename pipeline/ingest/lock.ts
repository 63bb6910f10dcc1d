import { open, readFile, rm } from 'node:fs/promises';

/**
 * An exclusive lock on the warehouse, so two runs started at once do not write the same
 * partitions. The lock file holds the owner's PID; a lock whose process is gone is taken over.
 */
export async function acquireLock(lockPath: string): Promise<{ release: () => Promise<void> }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (owner > 0 && isAlive(owner)) throw new LockBusyError(lockPath, owner);
      await rm(lockPath, { force: true });
    }
  }
  throw new LockBusyError(lockPath, 0);
}

export class LockBusyError extends Error {
  constructor(
    readonly lockPath: string,
    readonly ownerPid: number,
  ) {
    super(
      `${lockPath}: another run (pid ${ownerPid}) is writing this warehouse; ` +
        'wait for it to finish, or remove the lock file if that process is gone',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
