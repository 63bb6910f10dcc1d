import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_PARAMETERS } from '../../pipeline/query/run-query.js';
import { FIGURES } from '../../reports/figures/index.js';
import { reportFromWarehouse } from '../../reports/from-warehouse.js';
import { generatedWarehouse } from '../queries/generated.js';
import { at } from './json-path.js';
import { Chromium, CHROMIUM } from './chromium.js';

/** Screenshots land here for a person to look at; the folder is git-ignored. */
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

const SKIP = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium package to open the report in a browser`;

// Per figure section: its id, how many inline SVGs it has, and how many mark elements (bars,
// texts, ...) those SVGs draw.
const FIGURE_MARKS = `JSON.stringify([...document.querySelectorAll('section.figure')].map((s) => ({
  id: s.id,
  svgs: s.querySelectorAll('.chart > svg').length,
  marks: s.querySelectorAll('.chart svg .role-mark > path, .chart svg .role-mark > text').length,
})))`;

describe('index.html in headless Chromium', { skip: SKIP }, () => {
  let root = '';
  let browser: Chromium;
  let events: { method: string; params: unknown }[] = [];
  let figures: { id: string; svgs: number; marks: number }[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'census-browser-'));
    const warehouse = await generatedWarehouse(6_000);
    const outDir = join(root, 'report');
    await reportFromWarehouse({
      warehouse,
      outDir,
      parameters: DEFAULT_PARAMETERS,
      producer: 'test',
    });
    await rm(warehouse, { recursive: true, force: true });

    browser = await Chromium.launch();
    const target = await browser.send('Target.createTarget', { url: 'about:blank' });
    const attached = await browser.send('Target.attachToTarget', {
      targetId: at(target, 'targetId'),
      flatten: true,
    });
    const session = String(at(attached, 'sessionId'));
    for (const domain of ['Page', 'Runtime', 'Log'])
      await browser.send(`${domain}.enable`, {}, session);
    await browser.send(
      'Emulation.setDeviceMetricsOverride',
      { width: 900, height: 1400, deviceScaleFactor: 1, mobile: false },
      session,
    );

    const loaded = browser.waitFor('Page.loadEventFired');
    await browser.send(
      'Page.navigate',
      { url: pathToFileURL(join(outDir, 'index.html')).href },
      session,
    );
    await loaded;

    const evaluated = await browser.send(
      'Runtime.evaluate',
      { expression: FIGURE_MARKS, returnByValue: true },
      session,
    );
    figures = JSON.parse(String(at(evaluated, 'result', 'value'))) as typeof figures;

    await mkdir(ARTIFACTS, { recursive: true });
    const top = await browser.send('Page.captureScreenshot', { format: 'png' }, session);
    await writeFile(
      join(ARTIFACTS, 'report-top.png'),
      Buffer.from(String(at(top, 'data')), 'base64'),
    );
    const metrics = await browser.send('Page.getLayoutMetrics', {}, session);
    const height = Number(at(metrics, 'cssContentSize', 'height'));
    const full = await browser.send(
      'Page.captureScreenshot',
      {
        format: 'png',
        captureBeyondViewport: true,
        clip: { x: 0, y: 0, width: 900, height, scale: 1 },
      },
      session,
    );
    await writeFile(
      join(ARTIFACTS, 'report-full.png'),
      Buffer.from(String(at(full, 'data')), 'base64'),
    );
    events = [...browser.events];
  });

  after(async () => {
    await browser?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('shows every figure as one inline SVG that draws marks', () => {
    assert.deepEqual(
      figures.map((f) => f.id),
      FIGURES.map((f) => f.id),
    );
    for (const figure of figures) {
      assert.equal(figure.svgs, 1, `${figure.id}: inline SVGs`);
      assert.ok(figure.marks > 0, `${figure.id}: no marks drawn`);
    }
  });

  it('runs no script and logs no error (a blocked resource would log one)', () => {
    const problems = events.filter(
      ({ method, params }) =>
        method === 'Runtime.exceptionThrown' ||
        (method === 'Runtime.consoleAPICalled' && at(params, 'type') === 'error') ||
        (method === 'Log.entryAdded' && at(params, 'entry', 'level') === 'error'),
    );
    assert.deepEqual(problems, []);
  });
});
