import assert from 'node:assert/strict';
import { readdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { listQueries, type QueryFile } from '../../pipeline/query/catalog.js';
import {
  DEFAULT_PARAMETERS,
  WarehouseSession,
  type QueryParameters,
} from '../../pipeline/query/run-query.js';
import { warehousePaths } from '../../pipeline/write/paths.js';
import { refreshRollups, rollupPart } from '../../pipeline/write/rollups.js';
import { fixtureSession, useRawRollups } from './fixture.js';
import { GENERATED_DAYS, generatedWarehouse } from './generated.js';
import { ALL_FIXTURES } from './fixtures.js';

/** Parameter sets every query runs with: each rule, the whole range and part of it, two tops. */
const CASES: QueryParameters[] = [
  DEFAULT_PARAMETERS,
  { ...DEFAULT_PARAMETERS, rule: 'best', top: 3 },
  { ...DEFAULT_PARAMETERS, rule: 'worst', from: '2026-11-29', to: '2026-11-30' },
  { ...DEFAULT_PARAMETERS, from: '2026-12-01', to: '2026-12-01', top: 2 },
];

/** The SQL a view was created with. */
async function viewSql(session: WarehouseSession, name: string): Promise<string> {
  const reader = await session.connection.runAndReadAll(
    `SELECT sql FROM duckdb_views() WHERE view_name = '${name}'`,
  );
  return String(reader.getRowsJS()[0]?.[0]);
}

async function assertSameRows(
  queries: QueryFile[],
  rollups: WarehouseSession,
  raw: WarehouseSession,
): Promise<void> {
  for (const query of queries) {
    for (const parameters of CASES) {
      const fromRollups = await rollups.runFile(query.path, parameters);
      const fromRaw = await raw.runFile(query.path, parameters);
      assert.deepEqual(fromRollups, fromRaw, `${query.name} ${JSON.stringify(parameters)}`);
    }
  }
}

describe('rollups give every query the rows the raw deliveries give', () => {
  let queries: QueryFile[] = [];
  before(async () => {
    queries = await listQueries();
  });

  it('on the fixtures', async () => {
    const rollups = await fixtureSession(ALL_FIXTURES, 'rollups');
    const raw = await fixtureSession(ALL_FIXTURES, 'raw');
    try {
      await assertSameRows(queries, rollups, raw);
    } finally {
      rollups.close();
      raw.close();
    }
  });

  describe('on a larger generated warehouse', () => {
    let root = '';
    let rollups: WarehouseSession;
    let raw: WarehouseSession;
    before(async () => {
      root = await generatedWarehouse();
      rollups = await WarehouseSession.open(root);
      raw = await WarehouseSession.open(root);
      await useRawRollups(raw);
    });
    after(async () => {
      rollups.close();
      raw.close();
      await rm(root, { recursive: true, force: true });
    });

    it('reads the rollup files, not the deliveries', async () => {
      const view = await viewSql(rollups, 'rollup_entities');
      assert.match(view, /entities\/day=2026-11-28\/rollup\.parquet/);
      assert.doesNotMatch(view, /generated-0\.parquet/);
    });

    it('gives every query rows to compare', async () => {
      for (const query of queries) {
        const { rows } = await rollups.runFile(query.path, DEFAULT_PARAMETERS);
        assert.ok(rows.length > 0, `${query.name} returned no rows`);
      }
    });

    it('gives the same rows', async () => {
      await assertSameRows(queries, rollups, raw);
    });
  });
});

describe('refreshRollups', () => {
  let root = '';
  before(async () => {
    root = await generatedWarehouse(2_000);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const emailsOf = async (session: WarehouseSession): Promise<number> => {
    const { rows } = await session.run(
      'SELECT sum(emails)::BIGINT AS n FROM rollup_emails',
      DEFAULT_PARAMETERS,
    );
    return Number(rows[0]?.n);
  };
  const sentOf = async (session: WarehouseSession): Promise<number> => {
    const { rows } = await session.run(
      `SELECT count(*)::BIGINT AS n FROM deliveries WHERE status = 'sent'`,
      DEFAULT_PARAMETERS,
    );
    return Number(rows[0]?.n);
  };

  it('writes one file per rollup and day, and no staging file', async () => {
    for (const name of ['emails', 'entities', 'tld_mx_hosts']) {
      const days = await readdir(path.join(root, 'rollups', name));
      assert.deepEqual(
        days,
        GENERATED_DAYS.map((day) => `day=${day}`),
      );
      for (const day of days) {
        assert.deepEqual(await readdir(path.join(root, 'rollups', name, day)), ['rollup.parquet']);
      }
    }
  });

  it('gives each rollup its rows alike when a day is computed from its deliveries', async () => {
    const paths = warehousePaths(root);
    const day = GENERATED_DAYS[0] ?? '';
    const names = ['emails', 'entities', 'tld_mx_hosts'];
    const rowsOf = async (session: WarehouseSession, name: string) => {
      const reader = await session.connection.runAndReadAll(
        `SELECT * FROM rollup_${name} WHERE day = DATE '${day}' ORDER BY ALL`,
      );
      return reader.getRowsJS();
    };
    const fresh = await WarehouseSession.open(root);
    const written = new Map<string, unknown[][]>();
    for (const name of names) written.set(name, await rowsOf(fresh, name));
    // Each unit of `entities` counts the sent deliveries that name one, read from deliveries.
    const { rows } = await fresh.run(
      `SELECT count(recipient_domain)::BIGINT AS domain, count(mx_host)::BIGINT AS mx_host,
              count(ip)::BIGINT AS ip
       FROM deliveries WHERE status = 'sent' AND day = DATE '${day}'`,
      DEFAULT_PARAMETERS,
    );
    fresh.close();

    const past = new Date('2020-01-01T00:00:00Z');
    for (const name of names) await utimes(rollupPart(paths, name, day), past, past);
    const stale = await WarehouseSession.open(root);
    for (const name of names) {
      const view = await viewSql(stale, `rollup_${name}`);
      assert.match(view, new RegExp(`day=${day}/generated-`));
      assert.doesNotMatch(view, new RegExp(`${name}/day=${day}/rollup\\.parquet`));
      assert.deepEqual(await rowsOf(stale, name), written.get(name), name);
    }
    const units = await stale.connection.runAndReadAll(
      `SELECT unit, sum(emails)::BIGINT FROM rollup_entities WHERE day = DATE '${day}'
       GROUP BY unit ORDER BY unit`,
    );
    assert.deepEqual(units.getRowsJS(), [
      ['domain', BigInt(Number(rows[0]?.domain))],
      ['ip', BigInt(Number(rows[0]?.ip))],
      ['mx_host', BigInt(Number(rows[0]?.mx_host))],
    ]);
    stale.close();

    // Written again, the rollups are read from their files once more.
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await refreshRollups(connection, paths, [day]);
    connection.closeSync();
    instance.closeSync();
  });

  it('computes a day from its deliveries while its rollup is older than them', async () => {
    const paths = warehousePaths(root);
    const day = GENERATED_DAYS[1] ?? '';
    const delivery = path.join(paths.deliveries, `day=${day}`, 'generated-0.parquet');
    const part = rollupPart(paths, 'emails', day);
    const session = await WarehouseSession.open(root);
    const sent = await sentOf(session);
    assert.equal(await emailsOf(session), sent);
    session.close();

    // A rollup from before the delivery file was (re)written is stale.
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(part, past, past);
    const stale = await WarehouseSession.open(root);
    const view = await viewSql(stale, 'rollup_emails');
    assert.match(view, new RegExp(`day=${day}/generated-0\\.parquet`));
    assert.doesNotMatch(view, new RegExp(`emails/day=${day}/rollup\\.parquet`));
    assert.equal(await emailsOf(stale), sent);
    stale.close();

    // Removing a delivery file, then refreshing, takes its rows out of the rollup.
    await rm(delivery);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await refreshRollups(connection, paths, [day]);
    const fewer = await WarehouseSession.open(root);
    assert.equal(await emailsOf(fewer), await sentOf(fewer));
    assert.ok((await sentOf(fewer)) < sent);
    fewer.close();

    // A day left without deliveries loses its rollups.
    await rm(path.join(paths.deliveries, `day=${day}`), { recursive: true });
    await refreshRollups(connection, paths, [day]);
    await assert.rejects(stat(part), { code: 'ENOENT' });
    connection.closeSync();
    instance.closeSync();
  });

  it('refuses a day that is not one', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await assert.rejects(refreshRollups(connection, warehousePaths(root), ['../2026-12-01']), {
      message: 'refreshRollups: day "../2026-12-01" is not a day (YYYY-MM-DD)',
    });
    connection.closeSync();
    instance.closeSync();
  });
});
