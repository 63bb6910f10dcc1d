import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared third-party corpus beside the checkout, or null when this machine has none. */
export function corpusDir(sub: string): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.resolve(here, '../../../shared/corpus', sub);
  return existsSync(dir) ? dir : null;
}

export const NO_CORPUS = 'the third-party corpus (../shared/corpus) is not on this machine';

export interface GrokCase {
  file: string;
  data: string;
  results: Record<string, string>;
}

/**
 * Reads the postfix-grok-patterns test cases: `data:` (one Postfix message) and the flat
 * `results:` map that another parser extracted from it.
 */
export function readGrokCases(dir: string, prefix: string): GrokCase[] {
  const cases: GrokCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const dataLine = text.split('\n').find((l) => l.startsWith('data: '));
    if (!dataLine) continue;
    const data = unquote(dataLine.slice(6));
    const results: Record<string, string> = {};
    const body = text.split('\nresults:\n')[1] ?? '';
    for (const line of body.split('\n')) {
      const m = /^\s+(\w+): (.*)$/.exec(line);
      if (m) results[m[1] ?? ''] = unquote(m[2] ?? '');
    }
    cases.push({ file, data, results });
  }
  return cases;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.startsWith('"')) return JSON.parse(v) as string;
  if (v.startsWith("'")) return v.slice(1, -1).replaceAll("''", "'");
  return v;
}
