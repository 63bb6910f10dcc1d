import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { pipeline, type Readable, type TransformOptions } from 'node:stream';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import type { InputFile } from './discover.js';
import { ContentError, type ReadFailure } from './read-error.js';
import { zstdContent } from './zstd.js';

// Chunks of 128 KiB keep the splitter's per-chunk overhead small while each chunk, and the
// lines cut from it, is still young when it dies: larger chunks outlive a worker's young
// generation and cost old-generation memory (1 MiB chunks raised the peak of a two-worker
// ingest by about 50 MB). Inflated chunks are larger: each one passes through a stream, whose
// cost per chunk made 256 KiB about 4% faster than 128 KiB on `.gz` input, for 8 MB more.
const READ_CHUNK_BYTES = 128 * 1024;
const INFLATE_CHUNK_BYTES = 256 * 1024;

/**
 * The decompressed content of `file`, in chunks; failures are thrown as ContentError. Stopping the
 * iteration early closes the file.
 *
 * Node's gunzip reads every member of a multi-member file. When it finds damage it drops the
 * output of its last step (up to one chunk), so lines just before a corrupt spot can be lost;
 * lines before a truncation are all kept.
 */
export async function* openContent(file: InputFile): AsyncGenerator<Buffer> {
  switch (file.compression) {
    case 'none':
      return yield* plainChunks(file.path);
    case 'gzip': {
      const source = createReadStream(file.path, { highWaterMark: READ_CHUNK_BYTES });
      // Inflating up to four chunks ahead of the parser, rather than the one a stream's default
      // allows, lets the thread pool inflate while the parser works (about 2% faster). A zlib
      // stream passes stream options on to its Transform, though Node's types leave them out.
      const options: ZlibOptions & TransformOptions = {
        chunkSize: INFLATE_CHUNK_BYTES,
        readableHighWaterMark: 4 * INFLATE_CHUNK_BYTES,
      };
      const gunzip = createGunzip(options);
      // Errors reach the iteration through `gunzip`, which pipeline destroys with them.
      pipeline(source, gunzip, () => {});
      return yield* chunksOf(gunzip);
    }
    case 'zstd':
      return yield* zstdContent(file.path);
  }
}

/**
 * A plain file read with synchronous reads. On a worker that parses what it reads, an
 * asynchronous read (a read stream's, or a file handle's) only hands the copy to another thread
 * and waits for it: with every core parsing, that hand-over cost more than the copy itself.
 * Each chunk is a new buffer, since lines keep their chunk.
 */
async function* plainChunks(file: string): AsyncGenerator<Buffer> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new ContentError(failureOf(error));
  }
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, chunk, 0, READ_CHUNK_BYTES, null);
      } catch (error) {
        throw new ContentError(failureOf(error));
      }
      if (bytesRead === 0) return;
      yield bytesRead === READ_CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

async function* chunksOf(stream: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    throw new ContentError(failureOf(error));
  }
}

function failureOf(error: unknown): ReadFailure {
  const { code, syscall, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_BUF_ERROR') return { kind: 'truncated' };
  if (code?.startsWith('Z_')) return { kind: 'corrupt', detail: message };
  if (syscall === 'open') return { kind: 'open', detail: systemReason(code, message) };
  return { kind: 'io', detail: systemReason(code, message) };
}

function systemReason(code: string | undefined, message: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return message;
  }
}
