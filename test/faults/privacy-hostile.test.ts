import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { projectRoot } from '../../pipeline/project-root.js';

// Strangers write into the logs: recipient addresses, MX names, cipher names and certificate
// texts. They must not reach the published outputs as markup, formulas or terminal escapes, and
// no recipient's local part may be stored anywhere.
const CLI = path.join(projectRoot(), 'cli', 'main.ts');
const SECRET = 'zq-secret-alice';
const KEY = 'a census key of at least sixteen bytes';
const IMG = '<img/src=x/onerror=alert(1)>';
const SVG = '<svg/onload=alert(2)>';
const FORMULA = '=HYPERLINK("http://evil.example")';
const ESCAPE = '\u001b[31mred\u001b[0m';

function census(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: projectRoot(),
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function hostileLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const t = `Dec  1 10:00:${String(i).padStart(2, '0')}`;
    const p = `${t} out1 postfix/smtp[${100 + i}]: `;
    const relay = `${IMG}[192.0.2.${i}]:25`;
    const id = `ABCDEF${String(i).padStart(4, '0')}`;
    lines.push(`${p}certificate verification failed for ${relay}: untrusted issuer /CN=${ESCAPE}`);
    const cipher = i % 2 === 0 ? FORMULA.replaceAll(' ', '') : SVG;
    lines.push(
      `${p}Untrusted TLS connection established to ${relay}: TLSv1.2 with cipher ${cipher} (256/256 bits)`,
    );
    lines.push(
      `${p}${id}: to=<${SECRET}${i}@d${i % 3}.example>, relay=${relay}, delay=1, ` +
        `delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as X${SECRET})`,
    );
  }
  // A line that cannot be read, holding an address: kept in quarantine, its local part masked.
  lines.push(
    `Dec  1 10:01:00 out1 postfix/smtp[1]: Verified TLS connection established to <${SECRET}@d.example>`,
  );
  return lines.join('\n') + '\n';
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

describe('hostile strings and private data through the whole pipeline', () => {
  let dir = '';
  let out = '';
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'census-hostile-'));
    const log = path.join(dir, 'mail.log');
    await writeFile(log, hostileLog());
    await writeFile(path.join(dir, 'census.key'), KEY + '\n');
    out = path.join(dir, 'out');
    const run = census([
      'run',
      log,
      '--out',
      out,
      '--year',
      '2026',
      '--quiet',
      '--quarantine-fail-rate',
      '1',
      '--recipient-key-file',
      path.join(dir, 'census.key'),
      '--min-count',
      '1',
    ]);
    assert.equal(run.code, 0, run.stderr);
  });

  it('stores no local part, in any file, compressed or not', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const file of await allFiles(out)) {
      if (file.endsWith('.parquet')) {
        const reader = await connection.runAndReadAll(`SELECT * FROM '${file}'`);
        assert.ok(!JSON.stringify(reader.getRowsJson()).includes(SECRET), file);
      } else {
        assert.ok(!(await readFile(file, 'latin1')).includes(SECRET), file);
      }
    }
    connection.closeSync();
    instance.closeSync();
  });

  it('keeps a keyed pseudonym of each recipient, opt-in', async () => {
    const sql = path.join(dir, 'pseudonyms.sql');
    await writeFile(sql, 'SELECT recipient_pseudonym FROM deliveries ORDER BY queue_id');
    const query = census([
      'query',
      sql,
      '--warehouse',
      path.join(out, 'warehouse'),
      '--format',
      'json',
    ]);
    assert.equal(query.code, 0, query.stderr);
    const rows = JSON.parse(query.stdout) as { recipient_pseudonym: string }[];
    const expected = Array.from({ length: 12 }, (_, i) =>
      createHmac('sha256', KEY)
        .update(`${SECRET}${i}@d${i % 3}.example`)
        .digest('hex')
        .slice(0, 32),
    );
    assert.deepEqual(
      rows.map((r) => r.recipient_pseudonym),
      expected,
    );
  });

  it('escapes markup in the HTML report and the SVG figures', async () => {
    const files = await allFiles(path.join(out, 'report'));
    for (const file of files.filter((f) => f.endsWith('.html') || f.endsWith('.svg'))) {
      const text = await readFile(file, 'utf8');
      assert.ok(!text.includes('<img'), `${file} holds an <img> tag`);
      assert.ok(!text.includes('<svg/onload'), `${file} holds an injected <svg>`);
      assert.ok(!/<script/i.test(text), `${file} holds a script`);
      assert.ok(!text.includes('\u001b'), `${file} holds a terminal escape`);
    }
    const html = await readFile(path.join(out, 'report', 'index.html'), 'utf8');
    assert.ok(html.includes('&lt;img/src=x/onerror=alert(1)&gt;'), 'the MX name is shown, escaped');
  });

  it('neutralizes spreadsheet formulas in every CSV, and escapes Markdown', async () => {
    const files = await allFiles(path.join(out, 'report'));
    for (const file of files.filter((f) => f.endsWith('.csv'))) {
      for (const line of (await readFile(file, 'utf8')).split('\r\n')) {
        for (const cell of line.split(',')) {
          const text = cell.replace(/^"|"$/g, '');
          assert.ok(!/^[=+@]/.test(text), `${file}: a cell starts a formula: ${cell}`);
        }
      }
    }
    const ciphers = await readFile(path.join(out, 'report', 'fig03-ciphers.csv'), 'utf8');
    assert.ok(ciphers.includes(`'${FORMULA.replaceAll(' ', '').replaceAll('"', '""')}`));
    const markdown = await readFile(path.join(out, 'report', 'report.md'), 'utf8');
    // Markdown escapes with a backslash: `\<img` is shown as text, a bare `<img` is a tag.
    assert.ok(!/(^|[^\\])<img/m.test(markdown), 'report.md holds raw markup');
    assert.ok(markdown.includes('\\<img/src=x/onerror=alert(1)\\>'));
  });

  it('prints no terminal escapes from the data', async () => {
    const sql = path.join(dir, 'verify.sql');
    await writeFile(sql, 'SELECT DISTINCT verify_text FROM deliveries');
    const query = census(['query', sql, '--warehouse', path.join(out, 'warehouse')]);
    assert.equal(query.code, 0, query.stderr);
    assert.ok(!query.stdout.includes('\u001b'), 'the table printed an escape sequence');
    assert.ok(query.stdout.includes('\\x1b[31mred'), query.stdout);
  });
});
