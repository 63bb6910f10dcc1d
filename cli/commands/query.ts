import { readFile, writeFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { listQueries, resolveQuery } from '../../pipeline/query/catalog.js';
import { QueryError, WarehouseSession } from '../../pipeline/query/run-query.js';
import { CliError, EXIT } from '../errors.js';
import { createLog, terminalSafe } from '../log.js';
import { checkDay, minCountOption, rangeOptions, warehouseOption } from '../options.js';
import { formatCsv, formatJson, formatTable } from '../print-result.js';

interface Args {
  query?: string;
  warehouse: string;
  from?: string;
  to?: string;
  rule: 'majority' | 'best' | 'worst';
  top: number;
  minCount: number;
  format: 'table' | 'csv' | 'json' | 'parquet';
  out?: string;
  list: boolean;
  quiet: boolean;
  json: boolean;
}

export const queryCommand: CommandModule<object, Args> = {
  command: 'query [query]',
  describe: 'Run a query of queries/ (by name) or any .sql file over the warehouse',
  builder: (yargs) =>
    yargs
      .positional('query', { type: 'string', describe: 'A query name (see --list) or FILE.sql' })
      .option('warehouse', warehouseOption)
      .options(rangeOptions)
      .option('rule', {
        choices: ['majority', 'best', 'worst'],
        default: 'majority',
        describe: 'How a domain, MX host or IP with several results gets one ($rule)',
      })
      .option('top', { type: 'number', default: 8, describe: 'Rows kept by top-N queries ($top)' })
      .option('min-count', minCountOption)
      .option('format', { choices: ['table', 'csv', 'json', 'parquet'], default: 'table' })
      .option('out', { type: 'string', describe: 'Write to this file instead of stdout' })
      .option('list', { type: 'boolean', default: false, describe: 'List the queries' })
      .example('$0 query fig01-overall --format csv', 'Figure 1 as CSV')
      .example('$0 query my.sql --from 2026-11-01 --to 2026-11-30', 'your own SQL') as never,
  handler: async (args) => {
    if (args.list) {
      for (const q of await listQueries())
        process.stdout.write(`${q.name.padEnd(28)} ${q.description}\n`);
      return;
    }
    if (args.query === undefined) throw new CliError('name a query, or use --list', EXIT.USAGE);
    const file = await resolveQuery(args.query);
    if (file === null) {
      throw new CliError(`${args.query}: no such query; --list shows the names`, EXIT.USAGE);
    }
    if (args.format === 'parquet' && args.out === undefined) {
      throw new CliError('--format parquet needs --out FILE', EXIT.USAGE);
    }
    const parameters = {
      from: checkDay(args.from, 'from'),
      to: checkDay(args.to, 'to'),
      rule: args.rule,
      top: args.top,
      minCount: args.minCount,
    };
    const log = createLog(args);
    const session = await WarehouseSession.open(args.warehouse);
    try {
      if (args.format === 'parquet') {
        const rows = await session.exportParquet(
          await readFile(file, 'utf8'),
          parameters,
          args.out!,
        );
        log.info(`${args.out}: ${rows} rows`);
        return;
      }
      const result = await session.runFile(file, parameters);
      const text =
        args.format === 'csv'
          ? formatCsv(result)
          : args.format === 'json'
            ? formatJson(result)
            : formatTable(result);
      if (args.out !== undefined) await writeFile(args.out, text);
      else process.stdout.write(text);
    } catch (error) {
      if (error instanceof QueryError) throw new CliError(terminalSafe(error.message), EXIT.USAGE);
      throw error;
    } finally {
      session.close();
    }
  },
};
