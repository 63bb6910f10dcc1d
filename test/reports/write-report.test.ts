import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fig01Overall } from '../../reports/figures/fig01-overall.js';
import { writeReport } from '../../reports/write-report.js';
import { DOMAIN_ROWS, domainsFigure, HOSTILE } from './domains-figure.js';
import { at } from './json-path.js';
import { OVERALL_ROWS } from './overall-rows.js';

const TEXT = {
  headline: ['Of 10,000 emails, 60.0% were strict.'],
  methods: ['We read the logs.'],
  footer: 'Deliveries from 2024-03-01 to 2024-03-31.',
};

describe('writeReport', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'starttls-census-report-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes four files per figure, then index.html and report.md, and nothing else', async () => {
    const outDir = join(root, 'complete');
    const { files } = await writeReport({
      outDir,
      figures: [
        { figure: fig01Overall, rows: OVERALL_ROWS },
        { figure: domainsFigure, rows: DOMAIN_ROWS },
      ],
      ...TEXT,
    });

    const names = [
      'fig01-overall.svg',
      'fig01-overall.png',
      'fig01-overall.vl.json',
      'fig01-overall.csv',
      'fig99-domains.svg',
      'fig99-domains.png',
      'fig99-domains.vl.json',
      'fig99-domains.csv',
      'index.html',
      'report.md',
    ];
    assert.deepEqual(
      files,
      names.map((name) => join(outDir, name)),
    );
    assert.deepEqual((await readdir(outDir)).sort(), [...names].sort());
  });

  it('writes the spec with its data inlined, and the rows as CSV', async () => {
    const outDir = join(root, 'contents');
    await writeReport({
      outDir,
      figures: [
        { figure: fig01Overall, rows: OVERALL_ROWS },
        { figure: domainsFigure, rows: DOMAIN_ROWS },
      ],
      ...TEXT,
    });

    const spec: unknown = JSON.parse(await readFile(join(outDir, 'fig01-overall.vl.json'), 'utf8'));
    assert.deepEqual(at(spec, 'data', 'values'), OVERALL_ROWS);
    const csv = await readFile(join(outDir, 'fig01-overall.csv'), 'utf8');
    assert.ok(csv.startsWith('unit,result,count,share\r\nemail,strict,6000,0.6\r\n'));
    const domainsCsv = await readFile(join(outDir, 'fig99-domains.csv'), 'utf8');
    assert.ok(domainsCsv.includes(`"'${HOSTILE.formula.replaceAll('"', '""')}",2,0.2\r\n`));

    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    assert.doesNotMatch(html, /<script/i);
    assert.ok(html.includes('Deliveries from 2024-03-01 to 2024-03-31.'));
  });

  it('gives byte-identical files for the same input', async () => {
    const write = async (name: string): Promise<string[]> => {
      const outDir = join(root, name);
      const { files } = await writeReport({
        outDir,
        figures: [{ figure: fig01Overall, rows: OVERALL_ROWS }],
        ...TEXT,
      });
      return Promise.all(files.map((file) => readFile(file, 'base64')));
    };
    assert.deepEqual(await write('first'), await write('second'));
  });

  it('refuses a figure id that could leave the output folder, writing nothing', async () => {
    const outDir = join(root, 'bad-id');
    for (const id of ['../escape', 'Fig01', 'fig01/overall', '', 'a.b']) {
      await assert.rejects(
        writeReport({
          outDir,
          figures: [{ figure: { ...fig01Overall, id }, rows: OVERALL_ROWS }],
          ...TEXT,
        }),
        {
          name: 'ReportError',
          code: 'bad-figure-id',
          message: `figure id ${JSON.stringify(id)} is not a file name: use only a-z, 0-9 and -`,
        },
      );
    }
    await assert.rejects(readdir(outDir), { code: 'ENOENT' });
    assert.deepEqual(await readdir(root).then((names) => names.includes('escape')), false);
  });

  it('refuses two figures with one id', async () => {
    await assert.rejects(
      writeReport({
        outDir: join(root, 'duplicate'),
        figures: [
          { figure: fig01Overall, rows: OVERALL_ROWS },
          { figure: fig01Overall, rows: OVERALL_ROWS },
        ],
        ...TEXT,
      }),
      { code: 'duplicate-figure-id', message: 'figure id fig01-overall appears twice' },
    );
  });

  it('leaves the previous report untouched when a figure fails', async () => {
    const outDir = join(root, 'previous');
    await writeReport({ outDir, figures: [{ figure: fig01Overall, rows: OVERALL_ROWS }], ...TEXT });
    await writeFile(join(outDir, 'index.html'), 'previous report');

    await assert.rejects(
      writeReport({
        outDir,
        figures: [
          { figure: fig01Overall, rows: OVERALL_ROWS },
          { figure: domainsFigure, rows: DOMAIN_ROWS },
          { figure: { ...fig01Overall, id: 'fig02-broken' }, rows: [{ unit: 'email' }] },
        ],
        ...TEXT,
      }),
      { code: 'bad-row' },
    );
    assert.equal(await readFile(join(outDir, 'index.html'), 'utf8'), 'previous report');
    assert.deepEqual((await readdir(outDir)).sort(), [
      'fig01-overall.csv',
      'fig01-overall.png',
      'fig01-overall.svg',
      'fig01-overall.vl.json',
      'index.html',
      'report.md',
    ]);
  });
});
