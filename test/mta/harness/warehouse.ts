import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../pipeline/project-root.js';
import { DEFAULT_PARAMETERS, WarehouseSession } from '../../../pipeline/query/run-query.js';

/** The columns of a delivery row the suite checks. */
export interface Row {
  recipient_domain: string;
  mx_host: string | null;
  ip: string | null;
  status: string;
  starttls: string;
  evidence: string;
  cert_self_signed: boolean | null;
  cert_untrusted_ca: boolean | null;
  cert_name_mismatch: boolean | null;
  cert_expired: boolean | null;
  trust_logged: string | null;
  verify_text: string | null;
  tls_version: string | null;
  cipher: string | null;
  forward_secrecy: boolean | null;
  software: string | null;
  source_line: number;
}

export interface Ingested {
  rows: Row[];
  /** Lines of the log the parser could not read, as the quarantine holds them. */
  quarantined: string[];
  exitCode: number | null;
  stderr: string;
}

/**
 * Reads an MTA's log into a fresh warehouse with the project's own command line, exactly as a
 * user would, then reads the rows back with DuckDB, in log order.
 */
export async function ingestLog(
  logFile: string,
  warehouse: string,
  dialect: string,
  year: number,
): Promise<Ingested> {
  const cli = path.join(projectRoot(), 'cli', 'main.ts');
  const args = ['ingest', logFile, '--warehouse', warehouse, '--format', dialect];
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', cli, ...args, '--year', String(year), '--tz', 'UTC', '--quiet'],
    { cwd: projectRoot(), encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } },
  );
  const quarantined = readQuarantine(warehouse);
  if (!existsSync(path.join(warehouse, 'deliveries'))) {
    return { rows: [], quarantined, exitCode: run.status, stderr: run.stderr };
  }
  const session = await WarehouseSession.open(warehouse);
  try {
    const result = await session.run(
      `SELECT recipient_domain, mx_host, ip, status, starttls, evidence, cert_self_signed,
              cert_untrusted_ca, cert_name_mismatch, cert_expired, trust_logged, verify_text,
              tls_version, cipher, forward_secrecy, software, source_line
         FROM deliveries ORDER BY source_line`,
      DEFAULT_PARAMETERS,
    );
    return {
      rows: result.rows as unknown as Row[],
      quarantined,
      exitCode: run.status,
      stderr: run.stderr,
    };
  } finally {
    session.close();
  }
}

function readQuarantine(warehouse: string): string[] {
  const dir = path.join(warehouse, 'quarantine');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '');
}
