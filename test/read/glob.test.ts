import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGlob, parseGlob, type GlobSegment } from '../../pipeline/read/glob.js';

function matcher(segment: GlobSegment | undefined): (name: string) => boolean {
  assert.equal(segment?.kind, 'pattern');
  return segment.kind === 'pattern' ? segment.matches : () => false;
}

describe('glob patterns', () => {
  it('knows * and ? as wildcards', () => {
    assert.equal(isGlob('logs/*.gz'), true);
    assert.equal(isGlob('logs/mail.log.?'), true);
    assert.equal(isGlob('logs/mail.log'), false);
  });

  it('starts from the literal directory before the first wildcard', () => {
    const glob = parseGlob('/var/log/mail/*/maillog-*');
    assert.equal(glob.root, '/var/log/mail');
    assert.equal(glob.segments.length, 2);

    assert.equal(parseGlob('*.log').root, '.');
    assert.equal(parseGlob('./logs//**/x').root, 'logs');
    assert.deepEqual(parseGlob('./logs//**/x').segments, [
      { kind: 'any-depth' },
      { kind: 'literal', name: 'x' },
    ]);
  });

  it('matches * and ? within one name, never a leading dot unless the pattern has one', () => {
    const log = matcher(parseGlob('mail.log*').segments[0]);
    assert.equal(log('mail.log'), true);
    assert.equal(log('mail.log.2.gz'), true);
    assert.equal(log('mailxlog'), false, 'the dot is literal');

    const one = matcher(parseGlob('mail.log.?').segments[0]);
    assert.equal(one('mail.log.1'), true);
    assert.equal(one('mail.log.12'), false);

    assert.equal(matcher(parseGlob('*').segments[0])('.hidden'), false);
    assert.equal(matcher(parseGlob('.*').segments[0])('.hidden'), true);
    assert.equal(matcher(parseGlob('a+(b)*').segments[0])('a+(b)c'), true);
  });
});
