import path from 'node:path';
import type { CommandModule } from 'yargs';
import { createLog } from '../log.js';
import { checkDay, minCountOption, rangeOptions, warehouseOption } from '../options.js';
import { producer } from '../version.js';

interface Args {
  warehouse: string;
  out: string;
  from?: string;
  to?: string;
  rule: 'majority' | 'best' | 'worst';
  minCount: number;
  quiet: boolean;
  json: boolean;
}

export const reportCommand: CommandModule<object, Args> = {
  command: 'report',
  describe: 'Render the figures, index.html and report.md from the warehouse',
  builder: (yargs) =>
    yargs
      .option('warehouse', warehouseOption)
      .option('out', { type: 'string', default: 'out/report', describe: 'Report folder' })
      .options(rangeOptions)
      .option('rule', {
        choices: ['majority', 'best', 'worst'],
        default: 'majority',
        describe: 'How a domain, MX host or IP with several results gets one',
      })
      .option('min-count', minCountOption) as never,
  handler: async (args) => {
    await writeReportCommand(args);
  },
};

export async function writeReportCommand(args: Args): Promise<void> {
  const log = createLog(args);
  // Vega and the PNG renderer take a while to load; only this command needs them.
  const { reportFromWarehouse } = await import('../../reports/from-warehouse.js');
  const result = await reportFromWarehouse({
    warehouse: args.warehouse,
    outDir: args.out,
    parameters: {
      from: checkDay(args.from, 'from'),
      to: checkDay(args.to, 'to'),
      rule: args.rule,
      top: 8,
      minCount: args.minCount,
    },
    producer: await producer(),
  });
  log.info(
    `report of ${result.from} to ${result.to} (${result.delivered} delivered emails): ` +
      `${result.files.length} files in ${args.out}; open ${path.join(args.out, 'index.html')}`,
  );
}
