import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareAge, rotationName } from '../../pipeline/read/rotation.js';

describe('rotation names', () => {
  it('reads numbered rotations, compressed or not', () => {
    assert.deepEqual(rotationName('mail.log'), {
      baseName: 'mail.log',
      rotation: 0,
      numbered: false,
      nameDate: null,
    });
    assert.deepEqual(rotationName('mail.log.1'), {
      baseName: 'mail.log',
      rotation: 1,
      numbered: true,
      nameDate: null,
    });
    assert.equal(rotationName('mail.log.2.gz').rotation, 2);
    assert.equal(rotationName('mail.log.3.zst').baseName, 'mail.log');
    assert.equal(rotationName('mainlog.0').numbered, true);
  });

  it('reads dated names, with the extension logrotate may put after the date', () => {
    assert.deepEqual(rotationName('maillog-20261201.gz'), {
      baseName: 'maillog',
      rotation: 0,
      numbered: false,
      nameDate: { year: 2026, month: 12, day: 1 },
    });
    assert.equal(rotationName('mail.log-20261130').baseName, 'mail.log');
    assert.equal(rotationName('mail-20261130.log').baseName, 'mail.log');
    assert.deepEqual(rotationName('exim_mainlog.20240229').nameDate, {
      year: 2024,
      month: 2,
      day: 29,
    });
  });

  it('takes digits that name no calendar day as part of the name', () => {
    assert.equal(rotationName('maillog-20261341').baseName, 'maillog-20261341');
    assert.equal(rotationName('maillog-20250229').nameDate, null);
  });

  it('orders numbered names, then dated names, then the live file', () => {
    const names = [
      'mail.log',
      'mail.log-20261201',
      'mail.log.1',
      'mail.log-20261130',
      'mail.log.2',
    ];
    const ordered = names
      .map((name) => ({ name, rotation: rotationName(name) }))
      .sort((a, b) => compareAge(a.rotation, b.rotation))
      .map(({ name }) => name);
    assert.deepEqual(ordered, [
      'mail.log.2',
      'mail.log.1',
      'mail.log-20261130',
      'mail.log-20261201',
      'mail.log',
    ]);
  });
});
