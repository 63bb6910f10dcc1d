import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { ehloKeywords, parseReply, ReplyReader } from '../../pipeline/probe/smtp-reply.js';

const LIMITS = { maxLineBytes: 32, maxReplyLines: 4 };

describe('SMTP replies', () => {
  it('reads a multi-line reply that arrives in pieces', async () => {
    const stream = new PassThrough();
    const reader = new ReplyReader(stream, LIMITS);
    const reply = reader.read('greeting', 500);
    stream.write('220-mx.example ES');
    stream.write('MTP\r\n220 ready\r');
    stream.write('\n250 next');
    assert.deepEqual(await reply, { code: 220, lines: ['220-mx.example ESMTP', '220 ready'] });
    // What came after the reply is kept for the next read, or handed over on detach.
    assert.equal(reader.detach().toString(), '250 next');
  });

  it('refuses a reply whose lines change code', async () => {
    const stream = new PassThrough();
    const reader = new ReplyReader(stream, LIMITS);
    stream.write('250-one\r\n251 two\r\n');
    await assert.rejects(reader.read('reply to EHLO', 500), {
      kind: 'garbage',
      message: 'not an SMTP reply: "251 two" (awaiting the reply to EHLO)',
    });
  });

  it('stops a line at the cap, however it arrives', async () => {
    const stream = new PassThrough();
    const reader = new ReplyReader(stream, LIMITS);
    const reply = reader.read('greeting', 500);
    for (let i = 0; i < 10; i++) stream.write('x'.repeat(10));
    await assert.rejects(reply, { kind: 'overlong' });
  });

  it('accepts a line at the cap', async () => {
    const stream = new PassThrough();
    const reader = new ReplyReader(stream, LIMITS);
    const line = '220 ' + 'x'.repeat(28);
    stream.write(line + '\r\n');
    assert.deepEqual(await reader.read('greeting', 500), { code: 220, lines: [line] });
  });

  it('a closed stream ends the wait at once', async () => {
    const stream = new PassThrough();
    const reader = new ReplyReader(stream, LIMITS);
    const reply = reader.read('greeting', 5000);
    stream.end('220-partial\r\n');
    await assert.rejects(reply, {
      kind: 'closed',
      message: 'the server closed the connection (awaiting the greeting)',
    });
  });

  it('parses replies held as text, and EHLO keywords', () => {
    const ehlo = parseReply('250-mx Hi\r\n250-pipelining\r\n250-SIZE 1000\r\n250 STARTTLS\r\n');
    assert.deepEqual(ehlo?.code, 250);
    assert.deepEqual(ehloKeywords(ehlo!), ['PIPELINING', 'SIZE', 'STARTTLS']);
    assert.equal(parseReply('250 ok\r\n250 again\r\n'), null);
    assert.equal(parseReply('250-unfinished\r\n'), null);
    assert.equal(parseReply('HTTP/1.1 200 OK\r\n'), null);
    assert.deepEqual(parseReply('220'), { code: 220, lines: ['220'] });
  });
});
