import { spawnSync } from 'node:child_process';
import type { Comparison } from './compare.js';
import { describeRow } from './expectation.js';
import type { JobResult } from './job.js';
import type { MtaDriver } from './mta.js';
import { SCENARIOS } from './scenarios.js';

/**
 * What a run proved, for people: the versions that ran (the MTA as its binary reports itself,
 * the Debian packages, the TLS libraries it linked), and the scenario × configuration matrix of
 * expected and observed results.
 */
export function runVersions(
  driver: MtaDriver,
  result: JobResult,
  unpacked: Record<string, string>,
): Record<string, string> {
  const packages = Object.entries(unpacked).filter(([name]) =>
    /^(postfix|exim4-daemon-heavy|sendmail-bin|rsyslog)$/.test(name),
  );
  // The MTAs link the machine's own TLS libraries, seen through the overlay.
  const query = spawnSync(
    'dpkg-query',
    ['-W', '-f', '${Package} ${Version}\n', driver.tlsPackage],
    {
      encoding: 'utf8',
    },
  );
  const libraries = query.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(' ') as [string, string]);
  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim();
  return Object.fromEntries([
    ...Object.entries(result.versions),
    ...packages.map(([n, v]) => [`debian ${n}`, v]),
    ...libraries.map(([n, v]) => [`debian ${n}`, v]),
    ['openssl (command, certificates)', openssl],
    ['node OpenSSL (receivers)', process.versions.openssl ?? 'unknown'],
  ]);
}

/** The scenario × configuration matrix, expected and observed, as a Markdown table. */
export function matrix(
  driver: MtaDriver,
  result: JobResult,
  versions: Record<string, string>,
  comparisons: Map<string, Comparison>,
): string {
  const lines = [
    `# ${driver.name} conformance`,
    '',
    ...Object.entries(versions).map(([name, version]) => `- ${name}: ${version}`),
    '',
    'Verdicts: self-signed, untrusted CA, name mismatch, expired',
    '(`x` failed, `-` passed, `?` the log cannot say).',
    '',
    '| configuration | scenario | expected (last row) | observed (last row) | rows | result |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const run of result.runs) {
    for (const scenario of SCENARIOS) {
      const c = comparisons.get(`${run.config}/${scenario.name}`);
      const expected = describeRow(driver.expectations(run.config)(scenario.name).final);
      const verdict =
        c === undefined
          ? 'not checked'
          : c.problems.length === 0
            ? 'as expected'
            : c.problems.join('; ');
      const cells = [
        run.config,
        scenario.name,
        expected,
        c?.observed ?? '',
        c?.rowCount ?? '',
        verdict,
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n') + '\n';
}
