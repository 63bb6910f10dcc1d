import path from 'node:path';
import type { CommandModule } from 'yargs';
import { projectRoot } from '../../pipeline/project-root.js';
import { EXIT } from '../errors.js';
import { createLog } from '../log.js';
import { checkDay, ingestOptions, minCountOption, rangeOptions } from '../options.js';
import { runIngest, type IngestArgs } from '../run-ingest.js';
import { writeReportCommand } from './report.js';

interface Args extends Omit<IngestArgs, 'warehouse'> {
  out: string;
  from?: string;
  to?: string;
  rule: 'majority' | 'best' | 'worst';
  minCount: number;
  quiet: boolean;
  json: boolean;
}

export const runCommand: CommandModule<object, Args> = {
  command: 'run [paths..]',
  describe:
    'The nightly job: ingest the logs, then write the report ' +
    '(default: the bundled sample-logs/ into out/)',
  builder: (yargs) =>
    yargs
      .positional('paths', { type: 'string', array: true, default: [] })
      .option('out', {
        type: 'string',
        default: 'out',
        describe: 'Output folder: warehouse/ and report/ go inside it',
      })
      .options(ingestOptions)
      .options(rangeOptions)
      .option('rule', { choices: ['majority', 'best', 'worst'], default: 'majority' })
      .option('min-count', minCountOption)
      .example('$0 run', 'the bundled sample logs into out/')
      .example(
        '$0 run /var/log/mail.log.1 --out /srv/census --tz Europe/Berlin',
        'last night',
      ) as never,
  handler: async (args) => {
    const log = createLog(args);
    const paths = args.paths.length > 0 ? args.paths : [path.join(projectRoot(), 'sample-logs')];
    const warehouse = path.join(args.out, 'warehouse');
    const ingestExit = await runIngest({ ...args, paths, warehouse }, log);
    await writeReportCommand({
      warehouse,
      out: path.join(args.out, 'report'),
      from: checkDay(args.from, 'from') ?? undefined,
      to: checkDay(args.to, 'to') ?? undefined,
      rule: args.rule,
      minCount: args.minCount,
      quiet: args.quiet,
      json: args.json,
    });
    process.exitCode = ingestExit === EXIT.OK ? EXIT.OK : ingestExit;
  },
};
