import path from 'node:path';
import { WarehouseSession, type QueryParameters } from '../pipeline/query/run-query.js';
import { queriesDir } from '../pipeline/query/catalog.js';
import type { QueryRow } from './figure.js';
import { FIGURES } from './figures/index.js';
import { headlineSentences } from './headline.js';
import { METHODS } from './methods.js';
import { writeReport } from './write-report.js';

export interface ReportRequest {
  warehouse: string;
  outDir: string;
  parameters: QueryParameters;
  /** Printed in the footer, e.g. the program's name and version. */
  producer: string;
}

/**
 * Runs every figure's query over the warehouse and writes the report. Returns the files
 * written and the date range the report covers.
 */
export async function reportFromWarehouse(
  request: ReportRequest,
): Promise<{ files: string[]; from: string; to: string; delivered: number }> {
  const session = await WarehouseSession.open(request.warehouse);
  try {
    const range = await session.run(
      `SELECT coalesce($from, '')::VARCHAR AS first, coalesce($to, '')::VARCHAR AS last,
              count(*) FILTER (WHERE status = 'sent')::BIGINT AS delivered
       FROM deliveries WHERE day BETWEEN $from::DATE AND $to::DATE`,
      request.parameters,
    );
    const { first, last, delivered } = range.rows[0] ?? {};
    const from = String(first);
    const to = String(last);
    const fixed: QueryParameters = { ...request.parameters, from, to };

    const figures: { figure: (typeof FIGURES)[number]; rows: QueryRow[] }[] = [];
    for (const figure of FIGURES) {
      const result = await session.runFile(path.join(queriesDir(), `${figure.query}.sql`), fixed);
      figures.push({ figure, rows: result.rows });
    }
    const overall = figures.find((f) => f.figure.id === 'fig01-overall')?.rows ?? [];
    const days = from === to ? from : `${from} to ${to}`;
    const written = await writeReport({
      outDir: request.outDir,
      figures,
      headline: headlineSentences(overall),
      methods: [...METHODS],
      footer: `Delivered mail of ${days}: ${Number(delivered).toLocaleString('en-US')} emails. Made by ${request.producer}.`,
    });
    return { files: written.files, from, to, delivered: Number(delivered) };
  } finally {
    session.close();
  }
}
