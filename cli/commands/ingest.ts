import type { CommandModule } from 'yargs';
import { createLog } from '../log.js';
import { ingestOptions, warehouseOption } from '../options.js';
import { runIngest, type IngestArgs } from '../run-ingest.js';

interface Args extends IngestArgs {
  quiet: boolean;
  json: boolean;
}

export const ingestCommand: CommandModule<object, Args> = {
  command: 'ingest <paths..>',
  describe: 'Read MTA log files (plain, .gz, .zst; files, folders or globs) into the warehouse',
  builder: (yargs) =>
    yargs
      .positional('paths', { type: 'string', array: true, demandOption: true })
      .option('warehouse', warehouseOption)
      .options(ingestOptions)
      .example('$0 ingest /var/log/mail.log* --warehouse /srv/census', 'a rotated set')
      .example("$0 ingest 'logs/**/*.gz' --tz Europe/Berlin", 'a glob, local timestamps') as never,
  handler: async (args) => {
    process.exitCode = await runIngest(args, createLog(args));
  },
};
