/**
 * The `KEY=value` fields of an Exim delivery line (deliver.c `delivery_log`, `d_hostlog`,
 * `d_tlslog`): `R=router T=transport H=host[ DS] [address][:port][*] … X=… CV=… DN="…" C="…"`.
 * Values in double quotes escape `"` and `\` with a backslash; `<…>` and `(…)` may hold spaces.
 */

/** The remote host of a delivery, as `H=name[ DS] [address][:port][*]` gives it. */
export interface EximHost {
  /** The host name, or the address itself for an IP-literal route (`H=127.0.0.1 [127.0.0.1]`). */
  name: string;
  /** Between the brackets, as logged: an address, or a placeholder such as `ip4.ip4.ip4.ip4`. */
  address: string;
  port: number | null;
  /** `*`: the second or later message down one SMTP connection. */
  continued: boolean;
}

export interface DeliveryFields {
  /** Null when the line has no `H=`; `'unreadable'` when `H=` is not followed by `[address]`. */
  host: EximHost | null | 'unreadable';
  /** Field values by key (`X`, `CV`, `PS`, `C`, …), unquoted. */
  values: Map<string, string>;
  /** Where the free text after the fields (`: <message>`) begins, or -1 when there is none. */
  messageStart: number;
}

const ADDRESS = /^\[([^\]]*)\](?::([^\s*:]+))?(\*)?$/;
const KEY = /^([A-Z][A-Za-z0-9_]*)=/;

/**
 * Reads the fields of `text` from `start`. With `stopAtColon`, a token that is or ends with `:`
 * ends the fields and the rest is the message (failure lines: `… CV=yes: SMTP error …`).
 */
export function readFields(text: string, start: number, stopAtColon: boolean): DeliveryFields {
  const values = new Map<string, string>();
  let hostName: string | null = null;
  let host: DeliveryFields['host'] = null;
  let expectAddress = false;
  let i = start;
  // Where the last closers are: a `<` or `(` after them opens nothing, and searching the rest of
  // the line for its closer at every such token would take quadratic time.
  const lastCloser: Closers = { '>': text.lastIndexOf('>'), ')': text.lastIndexOf(')') };

  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    const token = readToken(text, i, lastCloser);
    i = token.end;
    let raw = token.raw;
    let endsFields = false;
    if (stopAtColon && !token.quoted && raw.endsWith(':')) {
      raw = raw.slice(0, -1);
      endsFields = true;
    } else if (stopAtColon && token.quoted && text[i] === ':') {
      i++;
      endsFields = true;
    }

    if (expectAddress && raw === 'DS') {
      // DNSSEC-validated host name (`+dnssec`): the address follows.
    } else if (expectAddress) {
      expectAddress = false;
      host = readAddress(hostName ?? '', raw);
    } else if (raw !== '') {
      const key = KEY.exec(raw);
      const name = key?.[1];
      if (key && name !== undefined) {
        const value = token.quoted ? unquote(raw.slice(key[0].length)) : raw.slice(key[0].length);
        if (name === 'H' && hostName === null) {
          hostName = value;
          expectAddress = true;
        } else if (!values.has(name)) {
          values.set(name, value);
        }
      }
    }
    if (endsFields) {
      while (text[i] === ' ') i++;
      return { host: expectAddress ? 'unreadable' : host, values, messageStart: i };
    }
  }
  return { host: expectAddress ? 'unreadable' : host, values, messageStart: -1 };
}

/**
 * `[address][:port][*]` after `H=name`; a port placeholder (`:PORT_D`), or a number that is no
 * port, gives a null port.
 */
function readAddress(name: string, raw: string): EximHost | 'unreadable' {
  const m = ADDRESS.exec(raw);
  if (!m) return 'unreadable';
  const digits = m[2] !== undefined && /^\d{1,5}$/.test(m[2]) ? Number(m[2]) : null;
  const port = digits !== null && digits <= 65535 ? digits : null;
  return { name, address: m[1] ?? '', port, continued: m[3] === '*' };
}

type Closers = Record<'>' | ')', number>;

/** One token: up to a space, but a `"…"` value, `<…>` or `(…)` may hold spaces. */
function readToken(
  text: string,
  start: number,
  lastCloser: Closers,
): { raw: string; end: number; quoted: boolean } {
  const key = KEY.exec(text.slice(start, start + 40));
  const valueAt = start + (key ? key[0].length : 0);
  const opener = text[valueAt];
  if (opener === '"') {
    let i = valueAt + 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    const end = Math.min(i + 1, text.length);
    return { raw: text.slice(start, end), end, quoted: true };
  }
  const closer = opener === '<' ? '>' : opener === '(' ? ')' : null;
  let i = valueAt;
  if (closer !== null && lastCloser[closer] > valueAt) i = text.indexOf(closer, valueAt);
  while (i < text.length && text[i] !== ' ') i++;
  return { raw: text.slice(start, i), end: i, quoted: false };
}

/** `"250 OK \"x\""` → `250 OK "x"`; Exim escapes only `"` and `\`. */
function unquote(value: string): string {
  const inner = value.startsWith('"')
    ? value.slice(1, value.endsWith('"') ? -1 : undefined)
    : value;
  return inner.replace(/\\(.)/g, '$1');
}
