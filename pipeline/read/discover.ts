import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, normalize } from 'node:path';
import { compressionOf, readHead, type Compression } from './compression.js';
import { isGlob, parseGlob, type GlobSegment } from './glob.js';
import { compareAge, rotationName, type NameDate, type RotationName } from './rotation.js';

export type { Compression } from './compression.js';
export type { NameDate } from './rotation.js';

/** A log file to read, with what its name and first bytes say about it. */
export interface InputFile {
  path: string;
  /** From the magic bytes, whatever the name says. */
  compression: Compression;
  /** `<dir>/<live file name>`, shared by the files of one rotated set. */
  setKey: string;
  /** `mail.log.3.zst` → 3; 0 for the live file and for dated names (nameDate orders those). */
  rotation: number;
  /** On disk, so compressed for a compressed file. */
  sizeBytes: number;
  mtimeMillis: number;
  nameDate: NameDate | null;
}

/** An argument that gave nothing to read, and why. */
export interface InputProblem {
  path: string;
  code: 'missing' | 'unreadable' | 'empty-match';
  message: string;
}

/**
 * Finds the log files named by `args` (files, directories, `*`/`?`/`**` patterns), ordered by
 * set and oldest first within a set, each file once. Problems are returned, not thrown.
 */
export async function discoverInputs(
  args: string[],
): Promise<{ files: InputFile[]; problems: InputProblem[] }> {
  const found = new Found();
  for (const arg of args) await addArgument(found, arg);

  const files = [...found.files.values()].sort(
    (a, b) =>
      compareText(a.file.setKey, b.file.setKey) ||
      compareAge(a.name, b.name) ||
      compareText(a.file.path, b.file.path),
  );
  return { files: files.map(({ file }) => file), problems: found.problems };
}

const NOTHING_READ = 'check the path; nothing was read from it';

/** What discovery has found so far; files keyed by real path, so each is listed once. */
class Found {
  readonly files = new Map<string, { file: InputFile; name: RotationName }>();
  readonly problems: InputProblem[] = [];

  problem(path: string, code: InputProblem['code'], message: string): void {
    if (!this.problems.some((p) => p.path === path && p.code === code)) {
      this.problems.push({ path, code, message });
    }
  }

  problemFrom(path: string, error: unknown): void {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      this.problem(path, 'missing', `${path}: no such file or directory (${NOTHING_READ})`);
    } else if (code === 'EACCES' || code === 'EPERM') {
      this.problem(
        path,
        'unreadable',
        `${path}: permission denied (give the user running the census read access; ` +
          `nothing was read from it)`,
      );
    } else {
      const reason = error instanceof Error ? error.message : String(error);
      this.problem(path, 'unreadable', `${path}: cannot read it: ${reason} (${NOTHING_READ})`);
    }
  }
}

async function addArgument(found: Found, arg: string): Promise<void> {
  const path = normalize(arg);
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' && isGlob(arg)) return addPattern(found, arg);
    return found.problemFrom(arg, error);
  }
  await addNamed(found, path, stats);
}

/** A path named by an argument or matched by a pattern: a file, or a directory to walk. */
async function addNamed(found: Found, path: string, stats: Stats): Promise<void> {
  if (stats.isFile()) return addFile(found, path, stats);
  if (!stats.isDirectory()) {
    const message = `${path}: not a regular file or directory (name a log file or a directory)`;
    return found.problem(path, 'unreadable', message);
  }
  if ((await walk(found, path)) === 0) {
    const message = `${path}: directory holds no files (dot files are skipped; check the path)`;
    found.problem(path, 'empty-match', message);
  }
}

async function addPattern(found: Found, pattern: string): Promise<void> {
  const { root, segments } = parseGlob(pattern);
  const matches = new Set<string>();
  await expand(found, root, segments, matches);

  for (const path of [...matches].sort(compareText)) {
    try {
      await addNamed(found, path, await stat(path));
    } catch (error) {
      found.problemFrom(path, error);
    }
  }
  if (matches.size === 0) {
    const message = `${pattern}: no file matches (check the pattern and the directory it names)`;
    found.problem(pattern, 'empty-match', message);
  }
}

/** Adds to `matches` the paths below `dir` that match `segments`. */
async function expand(
  found: Found,
  dir: string,
  segments: GlobSegment[],
  matches: Set<string>,
): Promise<void> {
  const [segment, ...rest] = segments;
  if (!segment) {
    matches.add(dir);
    return;
  }
  if (segment.kind === 'literal') {
    const path = join(dir, segment.name);
    if (rest.length === 0) {
      if (await exists(path)) matches.add(path);
    } else {
      await expand(found, path, rest, matches);
    }
    return;
  }

  const entries = await listDirectory(found, dir, true);
  if (segment.kind === 'any-depth') {
    await expand(found, dir, rest, matches);
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      await expand(found, join(dir, entry.name), segments, matches);
    }
  } else {
    for (const entry of entries) {
      if (segment.matches(entry.name)) await expand(found, join(dir, entry.name), rest, matches);
    }
  }
}

/**
 * Adds every file below `dir`, skipping dot files and dot directories; returns how many files it
 * saw. Symbolic links to files are followed, links to directories are not, so no loop can trap it.
 */
async function walk(found: Found, dir: string): Promise<number> {
  let count = 0;
  for (const entry of await listDirectory(found, dir, false)) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      count += await walk(found, path);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      try {
        const stats = await stat(path);
        if (!stats.isFile()) continue;
        count += 1;
        await addFile(found, path, stats);
      } catch (error) {
        found.problemFrom(path, error);
      }
    }
  }
  return count;
}

/**
 * A directory's entries, sorted by name. One that cannot be listed is a problem, except that a
 * pattern running into a missing directory just matches nothing there.
 */
async function listDirectory(found: Found, dir: string, forPattern: boolean): Promise<Dirent[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.sort((a, b) => compareText(a.name, b.name));
  } catch (error) {
    const code = errorCode(error);
    if (!(forPattern && (code === 'ENOENT' || code === 'ENOTDIR'))) found.problemFrom(dir, error);
    return [];
  }
}

async function addFile(found: Found, path: string, stats: Stats): Promise<void> {
  let key: string;
  let head: Buffer;
  try {
    key = await realpath(path);
    if (found.files.has(key)) return;
    head = await readHead(path, 16);
  } catch (error) {
    return found.problemFrom(path, error);
  }

  const compression = compressionOf(head);
  if (compression === 'xz' || compression === 'bzip2') {
    const message =
      `${path}: ${compression}-compressed, which the census does not read ` +
      `(decompress it, or recompress it with gzip or zstd)`;
    return found.problem(path, 'unreadable', message);
  }

  const name = rotationName(basename(path));
  const file: InputFile = {
    path,
    compression,
    setKey: join(dirname(path), name.baseName),
    rotation: name.rotation,
    sizeBytes: stats.size,
    mtimeMillis: Math.floor(stats.mtimeMs),
    nameDate: name.nameDate,
  };
  found.files.set(key, { file, name });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Code-unit order, the same on every machine (localeCompare depends on the locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
