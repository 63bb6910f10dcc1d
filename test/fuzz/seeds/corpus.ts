import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Dialect } from '../../../pipeline/model/delivery.js';
import { corpusDir, readGrokCases } from '../../helpers/corpus.js';

/**
 * Real lines written by other projects, as seeds to mutate: Exim's own test-suite logs (client
 * part) and the Postfix messages of postfix-grok-patterns under a syslog header. Empty where the
 * shared corpus is not on this machine.
 */
export function corpusLogs(dialect: Dialect): string[][] {
  if (dialect === 'exim') return eximLogs();
  if (dialect === 'postfix') return postfixLogs();
  return [];
}

function eximLogs(): string[][] {
  const dir = corpusDir('exim-testsuite/test/log');
  if (!dir) return [];
  const logs: string[][] = [];
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const client = text.split('******** SERVER ********')[0] ?? '';
    const lines = client.split('\n').filter((l) => l !== '');
    if (lines.length > 0) logs.push(lines);
  }
  return logs;
}

// The program each group of postfix-grok-patterns cases was logged by.
const GROK_PROGRAMS: Record<string, string> = {
  smtp_: 'postfix/smtp',
  tls_features_: 'postfix/smtp',
  qmgr_: 'postfix/qmgr',
  bounce_: 'postfix/bounce',
  scache_: 'postfix/scache',
  tlsproxy_: 'postfix/tlsproxy',
  tlsmgr_: 'postfix/tlsmgr',
  error_: 'postfix/error',
};

function postfixLogs(): string[][] {
  const dir = corpusDir('postfix-grok-patterns/test');
  if (!dir) return [];
  const lines: string[] = [];
  for (const [prefix, program] of Object.entries(GROK_PROGRAMS)) {
    for (const c of readGrokCases(dir, prefix)) {
      lines.push(`Dec  1 10:00:00 out1 ${program}[4242]: ${c.data}`);
    }
  }
  // One log of every case, and one per group of eight, so mutations see neighbours.
  const logs = [lines];
  for (let i = 0; i < lines.length; i += 8) logs.push(lines.slice(i, i + 8));
  return logs;
}
