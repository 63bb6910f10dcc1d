import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../pipeline/project-root.js';

/** `starttls-census 0.1.0`, from package.json. */
export async function producer(): Promise<string> {
  const text = await readFile(path.join(projectRoot(), 'package.json'), 'utf8');
  const pkg = JSON.parse(text) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}
