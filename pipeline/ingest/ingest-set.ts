import type { DuckDBConnection } from '@duckdb/node-api';
import type { Log } from '../../cli/log.js';
import type { Delivery, Dialect } from '../model/delivery.js';
import type { DialectModule, LineParser } from '../parse/dialect.js';
import { detectDialect, dialectModule } from '../parse/dialects.js';
import type { TimeContext } from '../parse/time.js';
import type { InputFile } from '../read/discover.js';
import { readLines } from '../read/lines.js';
import { ReadError } from '../read/read-error.js';
import { referenceDate } from '../read/reference-date.js';
import { writeFileAtomic } from '../write/atomic.js';
import { DeliveryWriter } from '../write/delivery-writer.js';
import type { WarehousePaths } from '../write/paths.js';
import type { ManifestEntry } from './manifest.js';
import { quarantineRecord, type QuarantinedLine } from './quarantine.js';

export interface SetOptions {
  format: 'auto' | Dialect;
  year: number | null;
  zone: string;
  maxLineBytes: number;
  log: Log;
  now: () => number;
  paths: WarehousePaths;
  connection: DuckDBConnection;
}

const DETECTION_LINES = 50;

/** Ingests one rotated set, oldest file first, with one parser per run of same-dialect files. */
export async function ingestSet(
  files: { file: InputFile; fileId: string }[],
  options: SetOptions,
): Promise<{ entries: ManifestEntry[]; problems: string[] }> {
  const problems: string[] = [];
  const planned: { file: InputFile; fileId: string; module: DialectModule }[] = [];
  for (const item of files) {
    const module = await chooseDialect(item.file, options.format);
    if (module === 'empty') {
      options.log.info(`${item.file.path}: empty; nothing to read`);
    } else if (module === null) {
      const message =
        `${item.file.path}: not in a log format this tool reads (looked at its first ` +
        `${DETECTION_LINES} lines); nothing was read from it. Name the format with --format ` +
        'if it is one of postfix, exim, sendmail, kumomta, jsonl.';
      options.log.warn(message);
      problems.push(message);
    } else {
      planned.push({ ...item, module });
    }
  }

  const time: TimeContext = {
    zone: options.zone,
    fixedYear: options.year,
    reference: { year: 1970, month: 1 },
  };
  const entries: ManifestEntry[] = [];
  let parser: LineParser | null = null;
  let current: DeliveryWriter | null = null;
  const emit = (delivery: Delivery): void => {
    delivery.sourceFile = currentId;
    current?.add(delivery);
  };
  let currentId = '';

  for (let i = 0; i < planned.length; i++) {
    const item = planned[i]!;
    const started = options.now();
    if (i === 0 || planned[i - 1]!.module !== item.module) {
      parser = item.module.createParser({ time, emit });
    }
    const reference = await referenceDate(item.file);
    time.reference = { year: reference.year, month: reference.month };
    currentId = item.fileId;
    current = await DeliveryWriter.open(options.connection, options.paths, item.fileId);

    const entry: ManifestEntry = {
      fileId: item.fileId,
      path: item.file.path,
      sizeBytes: item.file.sizeBytes,
      compression: item.file.compression,
      dialect: item.module.name,
      yearSource: options.year !== null ? 'flag' : reference.source,
      linesRead: 0,
      linesUsed: 0,
      linesSkipped: 0,
      linesQuarantined: 0,
      linesTooLong: 0,
      rowsWritten: 0,
      rowsPerDay: {},
      readError: null,
    };
    const quarantine: QuarantinedLine[] = [];
    try {
      for await (const batch of readLines(item.file, { maxLineBytes: options.maxLineBytes })) {
        for (const line of batch) {
          entry.linesRead++;
          if (line.truncated) {
            entry.linesTooLong++;
            entry.linesQuarantined++;
            quarantine.push(
              quarantineRecord(
                item.file.path,
                line,
                'line-too-long',
                `longer than ${options.maxLineBytes} bytes`,
              ),
            );
            continue;
          }
          const outcome = parser!.feed(line);
          if (outcome.kind === 'used') entry.linesUsed++;
          else if (outcome.kind === 'skipped') entry.linesSkipped++;
          else {
            entry.linesQuarantined++;
            quarantine.push(quarantineRecord(item.file.path, line, outcome.code, outcome.reason));
          }
        }
      }
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      entry.readError = error.message;
      problems.push(error.message);
      options.log.warn(error.message);
    }
    const lastOfParser = i === planned.length - 1 || planned[i + 1]!.module !== item.module;
    if (lastOfParser) parser!.finish();

    const perDay = await current.finish();
    current = null;
    entry.rowsPerDay = Object.fromEntries(perDay);
    entry.rowsWritten = [...perDay.values()].reduce((a, b) => a + b, 0);
    await writeQuarantine(options.paths, item.fileId, quarantine);
    await writeFileAtomic(
      options.paths.manifestEntry(item.fileId),
      JSON.stringify(entry, null, 2) + '\n',
    );
    entries.push(entry);
    reportFile(options, entry, quarantine, options.now() - started);
  }
  return { entries, problems };
}

async function chooseDialect(
  file: InputFile,
  format: 'auto' | Dialect,
): Promise<DialectModule | null | 'empty'> {
  if (format !== 'auto') return dialectModule(format);
  const first: string[] = [];
  try {
    for await (const batch of readLines(file, {
      maxLineBytes: 64 * 1024,
      batchLines: DETECTION_LINES,
    })) {
      for (const line of batch) if (first.length < DETECTION_LINES) first.push(line.text);
      if (first.length >= DETECTION_LINES) break;
    }
  } catch (error) {
    if (!(error instanceof ReadError)) throw error;
  }
  if (first.every((l) => l.trim() === '')) return 'empty';
  return detectDialect(first);
}

async function writeQuarantine(paths: WarehousePaths, fileId: string, lines: QuarantinedLine[]) {
  const target = paths.quarantineEntry(fileId);
  const body = lines.map((l) => JSON.stringify(l)).join('\n');
  await writeFileAtomic(target, body === '' ? '' : body + '\n');
}

function reportFile(
  options: SetOptions,
  entry: ManifestEntry,
  quarantine: QuarantinedLine[],
  millis: number,
) {
  const days = Object.keys(entry.rowsPerDay).length;
  options.log.info(
    `${entry.path}: ${entry.dialect}, ${entry.linesRead} lines → ${entry.rowsWritten} deliveries ` +
      `on ${days} day${days === 1 ? '' : 's'}; ${entry.linesSkipped} skipped, ` +
      `${entry.linesQuarantined} quarantined; ${(millis / 1000).toFixed(1)} s`,
    { ...entry, durationMillis: Math.round(millis) },
  );
  for (const q of quarantine.slice(0, 3)) {
    options.log.warn(
      `${q.file}:${q.line}: ${q.reason} (kept in quarantine): "${q.text.slice(0, 120)}"`,
    );
  }
  if (quarantine.length > 3) {
    options.log.warn(
      `${entry.path}: ${quarantine.length - 3} more quarantined lines; see the quarantine folder`,
    );
  }
}
