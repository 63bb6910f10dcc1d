import { createHash } from 'node:crypto';
import { openContent } from './content.js';
import type { InputFile } from './discover.js';
import { ContentError, ReadError } from './read-error.js';

const FINGERPRINT_BYTES = 4096;
const FINGERPRINT_HEX_CHARS = 16;

/**
 * Fingerprints content as it streams past, so a reader can check that what it read is the file
 * it fingerprinted before (and not a newer file that a rotation put under the same name).
 */
export class StreamingFingerprint {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  update(chunk: Buffer): void {
    if (this.bytes >= FINGERPRINT_BYTES) return;
    const part = chunk.subarray(0, FINGERPRINT_BYTES - this.bytes);
    this.hash.update(part);
    this.bytes += part.length;
  }

  digest(): string {
    return this.hash.digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
  }
}

/**
 * Identity by content, not name: sha256 (first 16 hex digits) of the first 4 KiB of decompressed
 * content, so `mail.log.1` keeps its fingerprint when it becomes `mail.log.2.gz`. A file that
 * still grows keeps it only once it has passed 4 KiB.
 */
export async function fingerprint(file: InputFile): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  let newlines = 0;
  try {
    for await (const chunk of openContent(file)) {
      const part = chunk.subarray(0, FINGERPRINT_BYTES - bytes);
      hash.update(part);
      bytes += part.length;
      for (let i = part.indexOf(10); i !== -1; i = part.indexOf(10, i + 1)) newlines += 1;
      if (bytes === FINGERPRINT_BYTES) break;
    }
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    // A damaged file is still identified by the content it has: its readable lines are
    // ingested, and reading it again must replace them.
    if (bytes === 0 || error.failure.kind === 'open' || error.failure.kind === 'tool-missing') {
      throw new ReadError(file.path, error.failure, bytes, newlines);
    }
  }
  return hash.digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
}

/** Hashes a whole file's decompressed content, fed chunk by chunk (readLines' `onBytes`). */
export interface ContentHasher {
  update(chunk: Uint8Array): void;
  /** Hex sha256 of everything fed so far; call once, at the end. */
  digest(): string;
}

export function createContentHasher(): ContentHasher {
  const hash = createHash('sha256');
  return {
    update: (chunk) => void hash.update(chunk),
    digest: () => hash.digest('hex'),
  };
}
