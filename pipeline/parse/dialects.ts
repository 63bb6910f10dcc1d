import type { Dialect } from '../model/delivery.js';
import type { DialectModule } from './dialect.js';
import { exim } from './exim/index.js';
import { jsonl } from './jsonl/index.js';
import { kumomta } from './kumomta/index.js';
import { postfix } from './postfix/index.js';
import { sendmail } from './sendmail/index.js';

/** Every dialect ingest can read, in the order auto-detection tries them. */
export const DIALECT_MODULES: DialectModule[] = [postfix, exim, sendmail, kumomta, jsonl];

export function dialectModule(name: Dialect): DialectModule | null {
  return DIALECT_MODULES.find((m) => m.name === name) ?? null;
}

/** The dialect of a file from its first lines, or null when none matches. */
export function detectDialect(firstLines: string[]): DialectModule | null {
  const lines = firstLines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  return DIALECT_MODULES.find((m) => m.detect(lines)) ?? null;
}
