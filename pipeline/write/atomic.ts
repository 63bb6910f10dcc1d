import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stagingName } from './paths.js';

/** Writes a file under a staging name and renames it into place, so readers never see half. */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = stagingName(target);
  try {
    await writeFile(temporary, content);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
