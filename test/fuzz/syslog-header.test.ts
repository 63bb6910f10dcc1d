import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { OTHER_PROGRAM, SyslogReader } from '../../pipeline/parse/syslog.js';
import { runs } from './config.js';

// The hand-written scan of `host program[pid]: ` against the pattern it stands for, written here
// as a regular expression, on lines built from the characters that matter to it: spaces of every
// kind `\s` knows, brackets, colons, digits and letters.

const REFERENCE = /^Dec {2}3 17:05:55 (\S+) ([^\s[:]+)\[(\d+)\]: /;
const STAMP = 'Dec  3 17:05:55 ';

const piece = fc.constantFrom(
  ...[' ', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', '[', ']', ':', ': ', ']: ', '/', '-'],
  ...['1', '42', 'mx', 'postfix/smtp', 'host.example', 'é', '\u0000', 'sm-mta', '[7]: '],
);
const noise = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(''));
// Mostly the shape of a header, each part of it sometimes replaced by noise.
const part = (usual: string[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...usual) }, noise);
const tail = fc
  .tuple(
    part(['mx1', 'relay.example', 'host-2']),
    part([' ']),
    part(['postfix/smtp', 'sm-mta', 'exim']),
    part(['[']),
    part(['812', '7', '']),
    part([']: ']),
    noise,
  )
  .map((parts) => parts.join(''));

describe('syslog header scan', () => {
  it('reads host, program, PID and where the message starts exactly as the pattern does', () => {
    let matched = 0;
    fc.assert(
      fc.property(tail, (rest) => {
        const text = STAMP + rest;
        const reader = new SyslogReader({
          zone: 'UTC',
          fixedYear: 2026,
          reference: { year: 2026, month: 12 },
        });
        const header = reader.read(text);
        const m = REFERENCE.exec(text);
        if (m === null) {
          assert.equal(header, null, JSON.stringify(text));
          return;
        }
        matched++;
        assert.notEqual(header, null, JSON.stringify(text));
        assert.deepEqual(
          [header!.host, header!.program, header!.pid, header!.messageStart],
          [m[1], m[2], m[3], m[0].length],
        );
        assert.equal(header!.processKey, `${m[1]} ${m[2]}[${m[3]}`);
        assert.equal(header!.timeMillis, Date.UTC(2026, 11, 3, 17, 5, 55));

        // Asked first whether the program is wanted, the reader names the same program and
        // builds the header only when it is.
        let asked: string | null = null;
        const wantEven = (line: string, start: number, end: number) => {
          asked = line.slice(start, end);
          return asked.length % 2 === 0;
        };
        const filtered = new SyslogReader({
          zone: 'UTC',
          fixedYear: 2026,
          reference: { year: 2026, month: 12 },
        }).read(text, wantEven);
        assert.equal(asked, m[2], JSON.stringify(text));
        if (m[2]!.length % 2 === 0) assert.deepEqual(filtered, header);
        else assert.equal(filtered, OTHER_PROGRAM);
      }),
      runs(3000),
    );
    // The generator must reach the interesting side too: lines the pattern accepts.
    assert.ok(matched > 100, `only ${matched} generated lines had a header`);
  });

  it('skips on bytes only what the pattern reads as an unwanted program, same stamp', () => {
    let skipped = 0;
    let kept = 0;
    const time = { zone: 'UTC', fixedYear: 2026, reference: { year: 2026, month: 12 } };
    const wantsP = (bytes: Buffer, start: number) => bytes[start] === 0x70;
    fc.assert(
      fc.property(tail, fc.boolean(), (rest, sameStamp) => {
        const reader = new SyslogReader(time);
        // The stamp of the line before: this line's own, or the second after it.
        reader.read(`${sameStamp ? STAMP : 'Dec  3 17:05:56 '}mx1 postfix/qmgr[1]: x`);
        const text = STAMP + rest;
        const bytes = Buffer.from(`\n${text}\n`);
        const skips = reader.skipsOtherProgram(bytes, 1, bytes.length - 1, wantsP);
        const m = REFERENCE.exec(text);
        // By the pattern: a header, and a program that does not start with `p` (the test's
        // stand-in for a program a parser ignores); the scan may decline non-ASCII lines.
        const turnedDown =
          sameStamp && m !== null && !m[2]!.startsWith('p') && /^[\x00-\x7f]*$/.test(m[0]);
        assert.equal(skips, turnedDown, JSON.stringify(text));
        if (skips) {
          skipped++;
          assert.equal(
            reader.read(text, (t, s) => t.charCodeAt(s) === 0x70),
            OTHER_PROGRAM,
          );
        } else kept++;
      }),
      runs(3000),
    );
    assert.ok(skipped > 100 && kept > 100, `skipped ${skipped}, kept ${kept}`);
  });

  it('reads a typical line by hand', () => {
    const reader = new SyslogReader({
      zone: 'UTC',
      fixedYear: 2026,
      reference: { year: 2026, month: 12 },
    });
    const header = reader.read('Dec  3 17:05:55 mx1 postfix/smtp[812]: 4B2C1: to=<a@b.example>');
    assert.deepEqual(header, {
      timeMillis: Date.UTC(2026, 11, 3, 17, 5, 55),
      host: 'mx1',
      program: 'postfix/smtp',
      pid: '812',
      processKey: 'mx1 postfix/smtp[812',
      messageStart: 39, // 16 for the stamp, `mx1 ` 4, `postfix/smtp` 12, `[812]: ` 7
    });
  });
});
