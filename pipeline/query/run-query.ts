import { readFile } from 'node:fs/promises';
import { rename } from 'node:fs/promises';
import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBValue,
} from '@duckdb/node-api';
import { sqlString } from '../write/sql-string.js';
import { stagingName } from '../write/paths.js';
import { defineViews } from './views.js';

/** Values a query may ask for with `$name`; each is bound, never spliced into the SQL. */
export interface QueryParameters {
  /** First and last day (YYYY-MM-DD), inclusive; null for the warehouse's first / last day. */
  from: string | null;
  to: string | null;
  /** How a domain, MX host or IP with several results gets one: majority, best or worst. */
  rule: 'majority' | 'best' | 'worst';
  /** Rows kept by top-N queries before the rest is folded into "other". */
  top: number;
  /** Per-domain rows with fewer delivered emails are not published. */
  minCount: number;
}

export const DEFAULT_PARAMETERS: QueryParameters = {
  from: null,
  to: null,
  rule: 'majority',
  top: 8,
  minCount: 10,
};

export interface QueryResult {
  columns: string[];
  rows: Record<string, string | number | boolean | null>[];
}

export class QueryError extends Error {}

/** A read-only session over a warehouse, with its views defined. */
export class WarehouseSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(warehouse: string): Promise<WarehouseSession> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await defineViews(connection, warehouse);
    return new WarehouseSession(instance, connection);
  }

  async runFile(file: string, parameters: QueryParameters): Promise<QueryResult> {
    return this.run(await readFile(file, 'utf8'), parameters, file);
  }

  /** Runs one SQL statement, binding the parameters it names. */
  async run(sql: string, parameters: QueryParameters, where = 'query'): Promise<QueryResult> {
    const statement = await this.prepare(stripFinalSemicolon(sql), parameters, where);
    const reader = await statement.runAndReadAll().catch((e: Error) => {
      throw new QueryError(`${where}: ${e.message}`);
    });
    const columns = reader.columnNames();
    const dates = new Set(
      columns.filter((_, i) => reader.columnType(i).typeId === DuckDBTypeId.DATE),
    );
    const rows = reader.getRowObjectsJS().map((row) => {
      const out: Record<string, string | number | boolean | null> = {};
      for (const column of columns) out[column] = plain(row[column], dates.has(column));
      return out;
    });
    return { columns, rows };
  }

  /** Prepares one statement and binds the parameters it names, and only those. */
  private async prepare(
    sql: string,
    parameters: QueryParameters,
    where: string,
  ): Promise<DuckDBPreparedStatement> {
    const statement = await this.connection.prepare(sql).catch((e: Error) => {
      throw new QueryError(`${where}: ${e.message}`);
    });
    const values = await this.bindings(parameters);
    const bound: Record<string, DuckDBValue> = {};
    for (let i = 1; i <= statement.parameterCount; i++) {
      const name = statement.parameterName(i);
      if (!(name in values)) {
        const known = Object.keys(values).map((k) => '$' + k);
        throw new QueryError(
          `${where}: uses $${name}, which no option sets (known: ${known.join(', ')})`,
        );
      }
      bound[name] = values[name] ?? null;
    }
    statement.bind(bound);
    return statement;
  }

  /** Runs a statement into a Parquet file, for results too big to print. */
  async exportParquet(sql: string, parameters: QueryParameters, target: string): Promise<number> {
    const statement = await this.prepare(
      `CREATE OR REPLACE TEMP TABLE export_result AS ${stripFinalSemicolon(sql)}`,
      parameters,
      target,
    );
    await statement.run();
    const temporary = stagingName(target);
    await this.connection.run(
      `COPY export_result TO '${sqlString(temporary)}' (FORMAT parquet, COMPRESSION zstd)`,
    );
    await rename(temporary, target);
    const count = await this.connection.runAndReadAll('SELECT count(*)::BIGINT FROM export_result');
    return Number(count.getRowsJS()[0]?.[0] ?? 0);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private async bindings(parameters: QueryParameters): Promise<Record<string, DuckDBValue>> {
    let { from, to } = parameters;
    if (from === null || to === null) {
      const range = await this.connection.runAndReadAll(
        `SELECT coalesce(min(day), DATE '1970-01-01')::VARCHAR AS first,
                coalesce(max(day), DATE '1970-01-01')::VARCHAR AS last FROM deliveries`,
      );
      const row = range.getRowObjectsJS()[0] ?? {};
      from ??= String(row.first);
      to ??= String(row.last);
    }
    return {
      from,
      to,
      rule: parameters.rule,
      top: parameters.top,
      min_count: parameters.minCount,
    };
  }
}

function stripFinalSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}

function plain(value: unknown, isDate: boolean): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
    return value;
  if (value instanceof Date) return isDate ? value.toISOString().slice(0, 10) : value.toISOString();
  return String(value);
}
