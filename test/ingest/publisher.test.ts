import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Publisher } from '../../pipeline/ingest/publisher.js';

/** A job the test finishes by hand, so it decides what runs at once. */
interface Pending {
  connection: string;
  item: number;
  finish: (error?: Error) => void;
}

function recorder() {
  const started: Pending[] = [];
  const job = (connection: string, item: number) =>
    new Promise<void>((resolve, reject) => {
      started.push({ connection, item, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { started, job };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Publisher', () => {
  it('runs one job at a time until allowed more, in the order submitted', async () => {
    const { started, job } = recorder();
    const publisher = new Publisher(['a', 'b'], job);
    for (const item of [1, 2, 3]) publisher.submit(item);
    await settle();
    assert.deepEqual(
      started.map((p) => p.item),
      [1],
    );

    publisher.setConcurrency(2);
    await settle();
    assert.deepEqual(
      started.map((p) => p.item),
      [1, 2],
    );
    // Two jobs at once run on two different slots.
    assert.notEqual(started[0]!.connection, started[1]!.connection);

    started[1]!.finish();
    await settle();
    assert.deepEqual(
      started.map((p) => p.item),
      [1, 2, 3],
    );
    assert.equal(started[2]!.connection, started[1]!.connection, 'the freed slot is reused');

    let drained = false;
    const drain = publisher.drain().then(() => (drained = true));
    started[0]!.finish();
    await settle();
    assert.equal(drained, false, 'drain waits for the last job');
    started[2]!.finish();
    await drain;
    assert.equal(drained, true);
  });

  it('never runs more jobs than there are slots', async () => {
    const { started, job } = recorder();
    const publisher = new Publisher(['only'], job);
    publisher.setConcurrency(4);
    for (const item of [1, 2]) publisher.submit(item);
    await settle();
    assert.equal(started.length, 1);
  });

  it('stops at the first failure: waiting jobs are dropped and drain rejects with it', async () => {
    const { started, job } = recorder();
    const publisher = new Publisher(['a'], job);
    for (const item of [1, 2, 3]) publisher.submit(item);
    await settle();
    started[0]!.finish(new Error('disk full'));
    await assert.rejects(publisher.drain(), /disk full/);
    assert.deepEqual(
      started.map((p) => p.item),
      [1],
    );
    publisher.submit(4);
    await settle();
    assert.equal(started.length, 1, 'nothing starts after a failure');
  });

  it('drains at once when nothing was submitted', async () => {
    const publisher = new Publisher(['a'], async () => undefined);
    await publisher.drain();
  });
});
