import path from 'node:path';
import { WarehouseSession, type QueryParameters } from '../pipeline/query/run-query.js';
import { queriesDir } from '../pipeline/query/catalog.js';
import type { QueryRow } from './figure.js';
import { FIGURES } from './figures/index.js';
import { headlineSentences } from './headline.js';
import { evidenceParagraph, METHODS } from './methods.js';
import { writeReport } from './write-report.js';

export interface ReportRequest {
  warehouse: string;
  outDir: string;
  parameters: QueryParameters;
  /** Printed in the footer, e.g. the program's name and version. */
  producer: string;
}

/**
 * Runs every figure's query, and the headline and evidence queries, over the warehouse and
 * writes the report. Returns the files written and the date range the report covers.
 */
export async function reportFromWarehouse(
  request: ReportRequest,
): Promise<{ files: string[]; from: string; to: string; delivered: number }> {
  const session = await WarehouseSession.open(request.warehouse);
  try {
    const range = await session.run(
      `SELECT coalesce($from, '')::VARCHAR AS first, coalesce($to, '')::VARCHAR AS last,
              coalesce(sum(emails), 0)::BIGINT AS delivered
       FROM rollup_emails WHERE day BETWEEN $from::DATE AND $to::DATE`,
      request.parameters,
    );
    const { first, last, delivered } = range.rows[0] ?? {};
    const from = String(first);
    const to = String(last);
    const fixed: QueryParameters = { ...request.parameters, from, to };

    // Each query once, though a figure and the text may both use its rows.
    const results = new Map<string, QueryRow[]>();
    const rowsOf = async (query: string): Promise<QueryRow[]> => {
      let rows = results.get(query);
      if (rows === undefined) {
        rows = (await session.runFile(path.join(queriesDir(), `${query}.sql`), fixed)).rows;
        results.set(query, rows);
      }
      return rows;
    };
    const figures: { figure: (typeof FIGURES)[number]; rows: QueryRow[] }[] = [];
    for (const figure of FIGURES) figures.push({ figure, rows: await rowsOf(figure.query) });
    const evidence = evidenceParagraph(await rowsOf('evidence-coverage'));

    const days = from === to ? from : `${from} to ${to}`;
    const written = await writeReport({
      outDir: request.outDir,
      figures,
      headline: headlineSentences(await rowsOf('headline')),
      methods: evidence === null ? [...METHODS] : [...METHODS, evidence],
      footer:
        `Delivered mail of ${days}: ${Number(delivered).toLocaleString('en-US')} emails; ` +
        `domains, MX hosts and IPs take one result by the ${request.parameters.rule} rule. ` +
        `Made by ${request.producer}.`,
    });
    return { files: written.files, from, to, delivered: Number(delivered) };
  } finally {
    session.close();
  }
}
