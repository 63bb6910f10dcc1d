import { availableParallelism } from 'node:os';
import type { Options } from 'yargs';
import { DIALECTS } from '../pipeline/model/delivery.js';
import { isKnownZone } from '../pipeline/parse/time.js';
import { CliError, EXIT } from './errors.js';

/** Options that several commands share, defined once so they read the same everywhere. */
export const warehouseOption: Options = {
  type: 'string',
  default: 'out/warehouse',
  describe: 'Warehouse folder (Parquet partitions, manifest, quarantine)',
};

export const rangeOptions: Record<'from' | 'to', Options> = {
  from: {
    type: 'string',
    describe: 'First day, YYYY-MM-DD (default: the first day in the warehouse)',
  },
  to: { type: 'string', describe: 'Last day, YYYY-MM-DD, inclusive (default: the last day)' },
};

export const minCountOption: Options = {
  type: 'number',
  default: 10,
  describe: 'Rows about one domain or provider with fewer delivered emails are not published',
};

export const ingestOptions: Record<string, Options> = {
  format: {
    choices: ['auto', ...DIALECTS],
    default: 'auto',
    describe: 'Log format; auto detects it per file from its first lines',
  },
  year: {
    type: 'number',
    describe: 'Year of timestamps that carry none (default: from each file)',
  },
  tz: { type: 'string', default: 'UTC', describe: 'Time zone of timestamps without an offset' },
  'max-line-bytes': {
    type: 'number',
    default: 65536,
    describe: 'Longer lines are cut, counted and quarantined',
  },
  workers: {
    type: 'number',
    default: availableParallelism(),
    describe: 'Parse threads (rotated sets are read in parallel); default: the number of cores',
  },
  'max-expansion': {
    type: 'number',
    default: 1000,
    describe: 'A compressed file that expands past this many times its size is stopped',
  },
  'recipient-key-file': {
    type: 'string',
    describe:
      'Opt-in: a file holding a secret key; each row then keeps a keyed pseudonym of its ' +
      'recipient (HMAC-SHA-256) for counting unique recipients. Addresses are never stored.',
  },
  'quarantine-warn-rate': {
    type: 'number',
    default: 0.0001,
    describe: 'Share of quarantined lines past which the run summary warns',
  },
  'quarantine-fail-rate': {
    type: 'number',
    default: 0.01,
    describe: 'Share of quarantined lines past which the run exits with code 3',
  },
};

export function checkDay(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d\d-\d\d$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new CliError(`--${flag} ${value}: not a day; write it as YYYY-MM-DD`, EXIT.USAGE);
  }
  return value;
}

export function checkZone(zone: string): string {
  if (!isKnownZone(zone)) {
    throw new CliError(
      `--tz ${zone}: unknown time zone; use an IANA name such as Europe/Berlin`,
      EXIT.USAGE,
    );
  }
  return zone;
}

export function checkYear(year: number | undefined): number | null {
  if (year === undefined) return null;
  if (!Number.isInteger(year) || year < 1970 || year > 9999) {
    throw new CliError(`--year ${year}: not a year`, EXIT.USAGE);
  }
  return year;
}
