import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import type { CommandModule } from 'yargs';
import { DIALECTS, type Dialect } from '../../pipeline/model/delivery.js';
import { GENERATORS } from '../../pipeline/sample/generators.js';
import type { PostfixSampleCounts } from '../../pipeline/sample/postfix.js';
import { SyslogClock } from '../../pipeline/sample/syslog-clock.js';
import { CliError, EXIT } from '../errors.js';
import { createLog } from '../log.js';
import { checkDay } from '../options.js';

interface Args {
  format: Dialect;
  deliveries: number;
  seed: number;
  out: string;
  date: string;
  tlsField: boolean;
  truth: boolean;
  quiet: boolean;
  json: boolean;
}

const TRUTH_NAME = 'ground-truth.jsonl';

export const sampleCommand: CommandModule<object, Args> = {
  command: 'sample',
  describe: 'Write a realistic one-day MTA log and the result each delivery line proves',
  builder: (yargs) =>
    yargs
      .option('format', { choices: DIALECTS, default: 'postfix', describe: 'Log dialect' })
      .option('deliveries', {
        type: 'number',
        demandOption: true,
        describe: 'Delivery lines to write (one ground-truth row each)',
      })
      .option('seed', { type: 'number', default: 1, describe: 'Same seed, same bytes' })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'Folder; the files go to OUT/FORMAT/mail.log and ground-truth.jsonl',
      })
      .option('date', { type: 'string', default: '2026-12-01', describe: 'Day of the log' })
      .option('tls-field', {
        type: 'boolean',
        default: false,
        describe: 'Log the Postfix 3.11 tls= field on the hosts recent enough for it',
      })
      .option('truth', {
        type: 'boolean',
        default: true,
        describe: 'Write ground-truth.jsonl beside the log (--no-truth: the log alone)',
      })
      .example(
        '$0 sample --deliveries 3000 --seed 1 --out sample-logs --no-truth',
        'the committed sample',
      )
      .example(
        '$0 sample --deliveries 1000000 --out /tmp/bench',
        'about 1 GB for a benchmark',
      ) as never,
  handler: async (args) => {
    const log = createLog(args);
    if (!Number.isSafeInteger(args.deliveries) || args.deliveries < 1) {
      throw new CliError(`--deliveries ${args.deliveries}: give a whole number from 1`, EXIT.USAGE);
    }
    if (!Number.isSafeInteger(args.seed)) {
      throw new CliError(`--seed ${args.seed}: give a whole number`, EXIT.USAGE);
    }
    const date = checkDay(args.date, 'date') ?? args.date;
    try {
      new SyslogClock(date); // the generator's own check, reported as a usage error
    } catch {
      throw new CliError(`--date ${date}: no such day; write it as YYYY-MM-DD`, EXIT.USAGE);
    }
    const folder = join(args.out, args.format);
    const generator = GENERATORS[args.format];
    const logName = generator.logName;
    const logPath = join(folder, logName);
    const truthPath = join(folder, TRUTH_NAME);

    // Both files are written under temporary names and renamed once complete.
    const tag = randomUUID();
    const logTemp = join(folder, `.${logName}.${tag}.tmp`);
    const truthTemp = join(folder, `.${TRUTH_NAME}.${tag}.tmp`);
    const started = performance.now();
    let counts: PostfixSampleCounts;
    try {
      await mkdir(folder, { recursive: true });
      // Room for a few chunks, so that generating goes on while the disk writes.
      const highWaterMark = 8 << 20;
      const logStream = createWriteStream(logTemp, { flags: 'wx', highWaterMark });
      const truthStream = args.truth
        ? createWriteStream(truthTemp, { flags: 'wx', highWaterMark })
        : null;
      // Listening from the start: a write error (a full disk) surfaces here, not as a crash.
      const done = Promise.all([finished(logStream), truthStream && finished(truthStream)]);
      done.catch(() => undefined);
      try {
        counts = await generator.generate(
          { deliveries: args.deliveries, seed: args.seed, date, tlsField: args.tlsField },
          truthStream ? { log: logStream, truth: truthStream } : { log: logStream },
        );
      } catch (error) {
        logStream.destroy();
        truthStream?.destroy();
        throw error;
      }
      logStream.end();
      truthStream?.end();
      await done;
      await rename(logTemp, logPath);
      if (truthStream) await rename(truthTemp, truthPath);
    } catch (error) {
      await Promise.allSettled([rm(logTemp, { force: true }), rm(truthTemp, { force: true })]);
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(
        `could not write the sample to ${folder}: ${reason}; ` +
          'check that the folder is writable and has room',
        EXIT.OUTPUT_FAILED,
      );
    }

    const seconds = (performance.now() - started) / 1000;
    const megabytes = counts.logBytes / 1e6;
    log.info(
      `sample ${args.format}: ${counts.deliveries} deliveries, ${counts.logLines} lines, ` +
        `${megabytes.toFixed(1)} MB in ${seconds.toFixed(1)} s ` +
        `(${(megabytes / seconds).toFixed(0)} MB/s) -> ${logPath}` +
        (args.truth ? `, ${truthPath}` : ''),
      { ...counts, seconds, logPath, truthPath },
    );
  },
};
