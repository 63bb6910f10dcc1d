import type { BenchResult } from './bench.js';

/** The bench result as a plain-text table, with the targets beside what was reached. */
export function benchTable(r: BenchResult): string {
  const rows: string[][] = [['measure', 'value', 'target']];
  const plainAll = r.ingest.find((i) => i.input === 'plain' && i.workers === r.machine.cores);
  const gzipAll = r.ingest.find((i) => i.input === 'gzip' && i.workers === r.machine.cores);
  for (const i of r.ingest) {
    rows.push([
      `ingest ${i.input}, ${i.workers} worker${i.workers === 1 ? '' : 's'}`,
      `${i.mbPerSecond.toFixed(1)} MB/s, ` +
        `${Math.round(i.linesPerSecond).toLocaleString('en-US')} lines/s, ` +
        `${i.seconds.toFixed(1)} s, peak ${i.peakRssMb.toFixed(0)} MB`,
      i.input === 'plain' && i.workers === r.machine.cores ? '>= 150 MB/s' : '',
    ]);
  }
  if (plainAll && gzipAll) {
    rows.push([
      'gzip / plain (all cores)',
      `${((100 * gzipAll.mbPerSecond) / plainAll.mbPerSecond).toFixed(0)}%`,
      '>= 85%',
    ]);
  }
  for (const m of r.memory) {
    rows.push([
      `peak memory, ${(m.inputBytes / 1e9).toFixed(2)} GB input`,
      `${m.peakRssMb.toFixed(0)} MB`,
      '< 512 MB',
    ]);
  }
  if (r.memory.length === 2) {
    const growth =
      (100 * (r.memory[1]!.peakRssMb - r.memory[0]!.peakRssMb)) / r.memory[0]!.peakRssMb;
    rows.push(['memory growth with input', `${growth.toFixed(1)}%`, '<= 10%']);
  }
  if (r.report) {
    rows.push([
      `full report, ${r.report.deliveries.toLocaleString('en-US')} deliveries`,
      `${r.report.seconds.toFixed(1)} s`,
      '< 10 s',
    ]);
  }
  if (r.reference.pflogsummSeconds !== null && plainAll) {
    const ratio = r.reference.pflogsummSeconds / plainAll.seconds;
    rows.push([
      'pflogsumm, same files',
      `${r.reference.pflogsummSeconds.toFixed(1)} s (ours ${ratio.toFixed(1)}x faster)`,
      '> 10x',
    ]);
  } else {
    rows.push(['pflogsumm', r.reference.pflogsummNote, '']);
  }
  if (gzipAll) {
    rows.push([
      'zcat of the .gz files',
      `${r.reference.zcatMbPerSecond.toFixed(0)} MB/s ` +
        `(ours ${((100 * gzipAll.mbPerSecond) / r.reference.zcatMbPerSecond).toFixed(0)}% of it)`,
      '',
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, c) => cell.padEnd(widths[c] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
