import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { neutralizeFormula, toCsv } from '../../reports/csv.js';

describe('toCsv', () => {
  it('writes a header in key order and CRLF line ends', () => {
    const csv = toCsv([
      { unit: 'email', result: 'strict', count: 6000, share: 0.6 },
      { unit: 'ip', result: 'none', count: 10n, share: 0.1 },
    ]);
    assert.equal(csv, 'unit,result,count,share\r\nemail,strict,6000,0.6\r\nip,none,10,0.1\r\n');
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const csv = toCsv([{ dn: 'CN=mx.example, O="Example"', note: 'two\nlines', plain: 'a b' }]);
    assert.equal(csv, 'dn,note,plain\r\n"CN=mx.example, O=""Example""","two\nlines",a b\r\n');
  });

  it('adds columns a later row brings, and leaves missing and null cells empty', () => {
    const csv = toCsv([{ a: 1 }, { a: null, b: 'x' }]);
    assert.equal(csv, 'a,b\r\n1,\r\n,x\r\n');
  });

  it('writes nothing for no rows', () => {
    assert.equal(toCsv([]), '');
  });

  it('neutralizes cells a spreadsheet would run as formulas', () => {
    const csv = toCsv([
      { domain: '=HYPERLINK("http://evil.example","x")' },
      { domain: '+1+cmd|/C calc!A0' },
      { domain: '-2+3' },
      { domain: '@SUM(A1)' },
      { domain: '\t=1' },
      { domain: '\r=1' },
      { domain: 'mx.example' },
    ]);
    assert.equal(
      csv,
      'domain\r\n' +
        '"\'=HYPERLINK(""http://evil.example"",""x"")"\r\n' +
        "'+1+cmd|/C calc!A0\r\n" +
        "'-2+3\r\n" +
        "'@SUM(A1)\r\n" +
        "'\t=1\r\n" +
        '"\'\r=1"\r\n' +
        'mx.example\r\n',
    );
  });

  it('leaves negative numbers as numbers, whether numbers or text', () => {
    assert.equal(
      toCsv([{ delta: -12.5, text: '-3', exp: '-1e-3' }]),
      'delta,text,exp\r\n-12.5,-3,-1e-3\r\n',
    );
    assert.equal(neutralizeFormula('-3'), '-3');
    assert.equal(neutralizeFormula('-3-3'), "'-3-3");
    assert.equal(neutralizeFormula('-'), "'-");
  });
});
