import type { Delivery, Dialect } from '../model/delivery.js';
import type { DialectModule, LineParser } from '../parse/dialect.js';
import { detectDialect, dialectModule } from '../parse/dialects.js';
import type { TimeContext } from '../parse/time.js';
import type { InputFile } from '../read/discover.js';
import { ChunkLine, type Line } from '../read/line.js';
import { readLines } from '../read/lines.js';
import { ReadError } from '../read/read-error.js';
import { referenceDate } from '../read/reference-date.js';
import { StreamingFingerprint } from '../read/fingerprint.js';
import { DaySpills, type SpillFile } from '../write/day-spills.js';
import { rm } from 'node:fs/promises';
import type { ManifestEntry } from './manifest.js';
import { recipientPseudonym } from '../enrich/pseudonym.js';
import { RecentLines } from './duplicates.js';
import { QuarantineWriter } from './quarantine.js';

/** One rotated set to read: its files oldest first, each with its content fingerprint. */
export interface SetTask {
  files: { file: InputFile; fileId: string }[];
  format: 'auto' | Dialect;
  year: number | null;
  zone: string;
  maxLineBytes: number;
  /** A compressed file may expand to at most this many times its size. */
  maxExpansion: number;
  /** The user's key for recipient pseudonyms; null keeps no pseudonym. */
  recipientKey: Uint8Array | null;
  /** Where spill files go; the warehouse's scratch folder. */
  scratch: string;
  /** Where quarantine files go, published by rename when a file is done. */
  quarantineFile: (fileId: string) => string;
}

/** A file read to its end (or its damage): its accounting and where its rows wait. */
export interface FileRead {
  entry: ManifestEntry;
  /** The file's rows, one spill per UTC day. */
  spills: SpillFile[];
  /** The first quarantined lines, for the log. */
  examples: { line: number; reason: string; text: string }[];
  durationMillis: number;
}

/** What the reader says while it works; the caller decides where it goes. */
export type ReadEvent =
  | { kind: 'file'; read: FileRead }
  | { kind: 'info' | 'warn'; message: string }
  | { kind: 'problem'; message: string };

const DETECTION_LINES = 50;
// Below this much content no compressed file is stopped, whatever its ratio.
const MIN_EXPANSION_BYTES = 64 * 1024 * 1024;

/**
 * Reads one rotated set: detects each file's dialect, runs one parser through consecutive files
 * of the same dialect (state carries across a rotation boundary), and spills each file's rows
 * and quarantined lines to scratch files. No DuckDB here: this runs on worker threads.
 */
export async function readSet(
  task: SetTask,
  report: (event: ReadEvent) => void,
  now: () => number,
): Promise<void> {
  const planned: { file: InputFile; fileId: string; module: DialectModule }[] = [];
  for (const item of task.files) {
    const module = await chooseDialect(item.file, task.format);
    if (module === 'empty') {
      report({ kind: 'info', message: `${item.file.path}: empty; nothing to read` });
    } else if (module === null) {
      report({
        kind: 'problem',
        message:
          `${item.file.path}: not in a log format this tool reads (looked at its first ` +
          `${DETECTION_LINES} lines); nothing was read from it. Name the format with --format ` +
          'if it is one of postfix, exim, sendmail, kumomta, jsonl.',
      });
    } else {
      planned.push({ ...item, module });
    }
  }

  const time: TimeContext = {
    zone: task.zone,
    fixedYear: task.year,
    reference: { year: 1970, month: 1 },
  };
  let fileId = '';
  let collect: Delivery[] | null = null;
  const key = task.recipientKey;
  const emit = (delivery: Delivery): void => {
    delivery.sourceFile = fileId;
    if (key !== null && delivery.recipientAddress !== null) {
      delivery.recipientPseudonym = recipientPseudonym(key, delivery.recipientAddress);
    }
    delivery.recipientAddress = null;
    collect?.push(delivery);
  };
  let parser: LineParser | null = null;

  for (let i = 0; i < planned.length; i++) {
    const item = planned[i]!;
    const started = now();
    if (i === 0 || planned[i - 1]!.module !== item.module) {
      parser = item.module.createParser({ time, emit });
    }
    const reference = await referenceDate(item.file);
    time.reference = { year: reference.year, month: reference.month };
    fileId = item.fileId;
    const spill = new DaySpills(task.scratch, {
      dialect: item.module.name,
      sourceFile: item.fileId,
    });
    let replaced = false;
    const quarantine = new QuarantineWriter(task.quarantineFile(item.fileId), item.file.path);

    const entry: ManifestEntry = {
      fileId: item.fileId,
      path: item.file.path,
      sizeBytes: item.file.sizeBytes,
      compression: item.file.compression,
      dialect: item.module.name,
      yearSource: task.year !== null ? 'flag' : reference.source,
      linesRead: 0,
      linesUsed: 0,
      linesSkipped: 0,
      linesQuarantined: 0,
      linesTooLong: 0,
      linesDuplicate: 0,
      rowsWritten: 0,
      rowsPerDay: {},
      readError: null,
    };
    const pending: Delivery[] = [];
    collect = pending;
    const recent = new RecentLines();
    const identity = new StreamingFingerprint();
    let contentBytes = 0;
    const expansionLimit =
      item.file.compression === 'none'
        ? Infinity
        : Math.max(task.maxExpansion * item.file.sizeBytes, MIN_EXPANSION_BYTES);
    try {
      const options = {
        maxLineBytes: task.maxLineBytes,
        onBytes: (chunk: Buffer) => {
          identity.update(chunk);
          contentBytes += chunk.length;
          if (contentBytes > expansionLimit) throw new ExpansionError(contentBytes);
        },
      };
      for await (const batch of readLines(item.file, options)) {
        for (const line of batch) {
          entry.linesRead++;
          if (line.truncated) {
            entry.linesTooLong++;
            quarantine.add(line, 'line-too-long', `longer than ${task.maxLineBytes} bytes`);
            continue;
          }
          if (line instanceof ChunkLine && parser!.skipsBytes?.(line.bytes, line.start, line.end)) {
            entry.linesSkipped++;
            continue;
          }
          const outcome = parser!.feed(line);
          const dedupe = item.module.identicalLinesAreDuplicates;
          if (pending.length > 0 && isDuplicate(line, pending, dedupe ? recent : null, spill)) {
            entry.linesDuplicate++;
            entry.linesSkipped++;
            continue;
          }
          if (outcome.kind === 'used') entry.linesUsed++;
          else if (outcome.kind === 'skipped') entry.linesSkipped++;
          else quarantine.add(line, outcome.code, outcome.reason);
        }
      }
      if (item.file.compression === 'none' && contentBytes < item.file.sizeBytes) {
        const message =
          `${item.file.path}: shrank while it was read (${item.file.sizeBytes} bytes when found, ` +
          `${contentBytes} read); kept what was read. If it was rotated or truncated, ` +
          'ingest its rotated copy too.';
        entry.readError = message;
        report({ kind: 'problem', message });
      }
    } catch (error) {
      if (error instanceof ExpansionError) {
        const message =
          `${item.file.path}: decompresses to more than ${task.maxExpansion} times its size ` +
          `(${error.bytes} bytes from ${item.file.sizeBytes}); stopped reading it and kept the ` +
          `${entry.linesRead} lines before. Raise --max-expansion if the file is genuine.`;
        entry.readError = message;
        report({ kind: 'problem', message });
      } else if (error instanceof ReadError) {
        entry.readError = error.message;
        report({ kind: 'problem', message: error.message });
      } else {
        throw error;
      }
    }
    for (const d of pending) spill.add(d);
    pending.length = 0;
    if (entry.readError === null && identity.digest() !== item.fileId) {
      // Rotated between being fingerprinted and being read: these rows are another file's.
      const message =
        `${item.file.path}: was replaced while it was being read (a log rotation?); its rows ` +
        'were not kept. Run again: the file is then read under its new name.';
      entry.readError = message;
      replaced = true;
      report({ kind: 'problem', message });
    }
    const lastOfParser = i === planned.length - 1 || planned[i + 1]!.module !== item.module;
    if (lastOfParser) parser!.finish();
    for (const d of pending) spill.add(d);
    collect = null;

    const spills = spill.close();
    entry.linesQuarantined = quarantine.count;
    if (replaced) {
      // Nothing of it is published: its fingerprint names other content, whose partitions,
      // quarantine and manifest entry must stay as they are.
      for (const s of spills) await rm(s.path, { force: true });
      await quarantine.discard();
      continue;
    }
    await quarantine.publish();
    report({
      kind: 'file',
      read: {
        entry,
        spills,
        examples: quarantine.examples,
        durationMillis: now() - started,
      },
    });
  }
}

/**
 * Spills what the parser emitted while reading `line`, unless `line` repeats a delivery line
 * seen shortly before: then its own deliveries are dropped (deliveries it completed for earlier
 * lines are kept) and it counts as a duplicate.
 */
function isDuplicate(
  line: Line,
  pending: Delivery[],
  recent: RecentLines | null,
  spill: DaySpills,
) {
  let own = 0;
  for (const d of pending) if (d.sourceOffset === line.offset) own++;
  const duplicate = own > 0 && recent !== null && seenBefore(recent, line);
  for (const d of pending) if (!duplicate || d.sourceOffset !== line.offset) spill.add(d);
  pending.length = 0;
  return duplicate;
}

/**
 * Asks the window about the line's bytes as read. Only a line cut at the length cap has none:
 * its text (cut alike in every copy of the line) is encoded again.
 */
function seenBefore(recent: RecentLines, line: Line): boolean {
  if (line instanceof ChunkLine) return recent.seenBefore(line.bytes, line.start, line.end);
  return recent.seenBefore(Buffer.from(line.text, 'utf8'));
}

/** Decompressed content past the limit: a decompression bomb, or a file that is not a log. */
class ExpansionError extends Error {
  constructor(readonly bytes: number) {
    super(`expanded to ${bytes} bytes`);
  }
}

async function chooseDialect(
  file: InputFile,
  format: 'auto' | Dialect,
): Promise<DialectModule | null | 'empty'> {
  if (format !== 'auto') return dialectModule(format);
  const first: string[] = [];
  try {
    const options = { maxLineBytes: 64 * 1024, batchLines: DETECTION_LINES };
    for await (const batch of readLines(file, options)) {
      for (const line of batch) if (first.length < DETECTION_LINES) first.push(line.text);
      if (first.length >= DETECTION_LINES) break;
    }
  } catch (error) {
    if (!(error instanceof ReadError)) throw error;
  }
  if (first.every((l) => l.trim() === '')) return 'empty';
  return detectDialect(first);
}
