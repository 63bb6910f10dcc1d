import { join } from 'node:path';

/** One `/`-separated part of a glob pattern. */
export type GlobSegment =
  | { kind: 'literal'; name: string }
  | { kind: 'pattern'; matches: (name: string) => boolean }
  | { kind: 'any-depth' }; // `**`: zero or more directories

/** A pattern split into the literal directory it starts from and the segments below it. */
export interface Glob {
  root: string;
  segments: GlobSegment[];
}

/** True when `arg` holds `*` or `?`, the only wildcards this matcher knows. */
export function isGlob(arg: string): boolean {
  return arg.includes('*') || arg.includes('?');
}

export function parseGlob(pattern: string): Glob {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((part) => part !== '' && part !== '.');

  const firstWild = parts.findIndex(isGlob);
  const literalCount = firstWild === -1 ? parts.length : firstWild;
  const root = join(absolute ? '/' : '.', ...parts.slice(0, literalCount));
  const segments = parts.slice(literalCount).map(segmentOf);
  return { root, segments };
}

function segmentOf(part: string): GlobSegment {
  if (part === '**') return { kind: 'any-depth' };
  if (!isGlob(part)) return { kind: 'literal', name: part };

  let source = '';
  for (const char of part) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 's');
  // As in a shell, a wildcard does not match a leading dot: `*.log` skips `.hidden.log`.
  const matchesDot = part.startsWith('.');
  return {
    kind: 'pattern',
    matches: (name) => (matchesDot || !name.startsWith('.')) && regex.test(name),
  };
}
