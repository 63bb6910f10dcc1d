import { spawn } from 'node:child_process';
import { ContentError, type ReadFailure } from './read-error.js';

type Exit = { code: number | null; signal: NodeJS.Signals | null } | { spawnError: Error };

/**
 * The decompressed content of a zstd file, from the system `zstd` tool: Node 20's zlib has no
 * zstd and none of our dependencies decodes it. Stopping the iteration early ends the process.
 */
export async function* zstdContent(path: string): AsyncGenerator<Buffer> {
  const child = spawn('zstd', ['-dcq', '--', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-2000);
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (spawnError) => resolve({ spawnError }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });

  let finished = false;
  try {
    let streamError: unknown = null;
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      // Usually the process failed; its exit status and message say more than the broken pipe.
      streamError = error;
    }
    const exit = await exited;
    finished = true;

    const failure = zstdFailure(exit, stderr);
    if (failure) throw new ContentError(failure);
    if (streamError) throw new ContentError({ kind: 'io', detail: String(streamError) });
  } finally {
    if (!finished) child.kill();
  }
}

function zstdFailure(exit: Exit, stderr: string): ReadFailure | null {
  if ('spawnError' in exit) {
    const missing = (exit.spawnError as NodeJS.ErrnoException).code === 'ENOENT';
    return missing
      ? { kind: 'tool-missing', tool: 'zstd' }
      : { kind: 'io', detail: `cannot run zstd: ${exit.spawnError.message}` };
  }
  if (exit.code === 0) return null;

  // zstd words its errors `<path> : <what>`: `mail.log.3.zst : Read error (39) : premature end`.
  const lastLine = stderr.trim().split('\n').pop() ?? '';
  const detail = lastLine.split(/\s*:\s+/).pop() || `zstd exited with ${exit.code ?? exit.signal}`;
  if (/premature end|truncated/i.test(lastLine)) return { kind: 'truncated' };
  if (/no such file|permission denied/i.test(lastLine)) return { kind: 'open', detail };
  return { kind: 'corrupt', detail };
}
