import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Delivery } from '../model/delivery.js';
import { domainFacts } from '../enrich/domain.js';
import { partitionSelectSql } from './columns.js';
import { stagingName, type WarehousePaths } from './paths.js';
import { DeliverySpill, readSpillSql } from './spill.js';

/**
 * Collects the deliveries of one input file in a scratch file, loads them into DuckDB in one
 * bulk read, then writes one Parquet file per UTC day. Each Parquet file is written under a staging name and renamed into place,
 * and parts of the same input left from an earlier run on other days are removed after, so a
 * partition never shows a half-written file and a rerun replaces the input's rows exactly.
 */
export class DeliveryWriter {
  private spill: DeliverySpill | null = null;
  private readonly staging: string;
  private readonly domains: string;

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly paths: WarehousePaths,
    private readonly fileId: string,
  ) {
    this.staging = `staging_${fileId}`;
    this.domains = `domains_${fileId}`;
  }

  static async open(
    connection: DuckDBConnection,
    paths: WarehousePaths,
    fileId: string,
  ): Promise<DeliveryWriter> {
    const writer = new DeliveryWriter(connection, paths, fileId);
    await mkdir(paths.scratch, { recursive: true });
    writer.spill = new DeliverySpill(path.join(paths.scratch, `${fileId}.tsv`));
    return writer;
  }

  add(delivery: Delivery): void {
    if (!this.spill) throw new Error('delivery writer already finished');
    this.spill.add(delivery);
  }

  /** Writes the partitions and returns the days written with their row counts. */
  async finish(): Promise<Map<string, number>> {
    const spill = this.spill;
    if (!spill) throw new Error('delivery writer already finished');
    spill.close();
    this.spill = null;
    await this.connection.run(
      `CREATE OR REPLACE TEMP TABLE ${this.staging} AS SELECT * FROM ${readSpillSql(spill.path)}`,
    );
    await rm(spill.path, { force: true });
    await this.buildDomainTable();

    const perDay = new Map<string, number>();
    const days = await this.connection.runAndReadAll(
      `SELECT strftime(make_timestamp(time_ms * 1000), '%Y-%m-%d') AS day, count(*)::INTEGER AS n
       FROM ${this.staging} GROUP BY 1 ORDER BY 1`,
    );
    for (const row of days.getRowObjectsJS()) perDay.set(String(row.day), Number(row.n));

    for (const day of perDay.keys()) {
      const target = this.paths.deliveryPart(day, this.fileId);
      const temporary = stagingName(target);
      await mkdir(path.dirname(target), { recursive: true });
      await this.connection.run(
        `COPY (${partitionSelectSql(this.staging, this.domains)}
               WHERE strftime(make_timestamp(s.time_ms * 1000), '%Y-%m-%d') = $day
               ORDER BY s.source_offset, s.recipient_domain)
         TO '${sqlString(temporary)}' (FORMAT parquet, COMPRESSION zstd)`,
        { day },
      );
      await rename(temporary, target);
    }
    await this.removeStaleParts(new Set(perDay.keys()));
    await this.connection.run(`DROP TABLE IF EXISTS ${this.staging}`);
    await this.connection.run(`DROP TABLE IF EXISTS ${this.domains}`);
    return perDay;
  }

  private async buildDomainTable(): Promise<void> {
    const names = await this.connection.runAndReadAll(
      `SELECT DISTINCT recipient_domain AS name FROM ${this.staging}
       UNION SELECT DISTINCT mx_host FROM ${this.staging} WHERE mx_host IS NOT NULL`,
    );
    await this.connection.run(
      `CREATE OR REPLACE TEMP TABLE ${this.domains}
       (domain VARCHAR, registrable_domain VARCHAR, tld VARCHAR)`,
    );
    const appender = await this.connection.createAppender(this.domains);
    for (const [name] of names.getRowsJS()) {
      const facts = domainFacts(String(name));
      appender.appendVarchar(String(name));
      appender.appendVarchar(facts.registrableDomain);
      appender.appendVarchar(facts.tld);
      appender.endRow();
    }
    appender.closeSync();
  }

  /** Parts of this input on days it no longer has rows for (a changed or shortened file). */
  private async removeStaleParts(current: Set<string>): Promise<void> {
    let entries: string[];
    try {
      entries = await readdir(this.paths.deliveries);
    } catch {
      return;
    }
    for (const entry of entries) {
      const day = entry.startsWith('day=') ? entry.slice(4) : null;
      if (day === null || current.has(day)) continue;
      await rm(this.paths.deliveryPart(day, this.fileId), { force: true });
    }
  }
}

/** Quotes a string for a SQL string literal (paths cannot be bound as COPY targets). */
export function sqlString(value: string): string {
  return value.replaceAll("'", "''");
}
