import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../project-root.js';

export interface QueryFile {
  name: string;
  path: string;
  /** The first comment line of the file. */
  description: string;
}

export function queriesDir(): string {
  return path.join(projectRoot(), 'queries');
}

/** Every query that ships with the project, by name. */
export async function listQueries(): Promise<QueryFile[]> {
  const dir = queriesDir();
  const names = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const result: QueryFile[] = [];
  for (const file of names) {
    const text = await readFile(path.join(dir, file), 'utf8');
    const first = text.split('\n').find((l) => l.startsWith('--')) ?? '';
    result.push({
      name: file.slice(0, -4),
      path: path.join(dir, file),
      description: first.replace(/^--\s*/, ''),
    });
  }
  return result;
}

/**
 * The SQL file for a query name (`fig01-overall`) or a path to a `.sql` file, or null. Names are
 * looked up only among the project's queries, so a name cannot point outside `queries/`.
 */
export async function resolveQuery(nameOrFile: string): Promise<string | null> {
  if (nameOrFile.endsWith('.sql')) return nameOrFile;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(nameOrFile)) return null;
  const known = await listQueries();
  return known.find((q) => q.name === nameOrFile)?.path ?? null;
}
