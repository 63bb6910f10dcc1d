import { open } from 'node:fs/promises';

export type Compression = 'none' | 'gzip' | 'zstd';

/** Formats recognized only to say that they are not read. */
export type UnreadCompression = 'xz' | 'bzip2';

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
// "BZh", a block size digit, then the first block's magic (the digits of pi): plain text never
// starts like this, while "BZh" alone might.
const BZIP2_BLOCK = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];

/** The compression of content that starts with `head`: by magic bytes, whatever the name says. */
export function compressionOf(head: Uint8Array): Compression | UnreadCompression {
  if (startsWith(head, GZIP)) return 'gzip';
  if (startsWith(head, ZSTD)) return 'zstd';
  if (startsWith(head, XZ)) return 'xz';
  const blockSize = head[3] ?? 0;
  if (startsWith(head, [0x42, 0x5a, 0x68]) && blockSize >= 0x31 && blockSize <= 0x39) {
    if (startsWith(head.subarray(4), BZIP2_BLOCK)) return 'bzip2';
  }
  return 'none';
}

/** The first `bytes` bytes of a file, fewer if it is shorter. */
export async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
}
