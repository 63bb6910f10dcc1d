import { isIP } from 'node:net';

/**
 * How sendmail names the host of a connection in its different lines. The STARTTLS line and the
 * delivery line both print the connection's host name (`mx.example.com.`, with the trailing dot
 * of an MX name, or `[192.0.2.1]` for an address literal); the `ruleset=tls_server` line prints
 * the same name without the dot; and the delivery line cuts names of 40 characters or more to
 * `first 18...last 18` (deliver.c logdelivery, `shortenstring(mci_host, 40)`).
 */

/** The form in which relay names are compared: lower-case, no trailing dot, no `IPv6:` tag. */
export function relayKey(host: string): string {
  let key = host.toLowerCase().replace('[ipv6:', '[');
  if (key.endsWith('.')) key = key.slice(0, -1);
  return key;
}

/** True when a delivery line's relay host, possibly cut short, names the connection `key`. */
export function relayMatches(key: string, loggedHost: string): boolean {
  const logged = relayKey(loggedHost);
  if (logged === key) return true;
  // A dot next to the cut (`mail....ction`) makes the first `...` the wrong one: try each.
  for (let cut = logged.indexOf('...'); cut >= 0; cut = logged.indexOf('...', cut + 1)) {
    const head = logged.slice(0, cut);
    const tail = logged.slice(cut + 3);
    if (key.length >= head.length + tail.length && key.startsWith(head) && key.endsWith(tail)) {
      return true;
    }
  }
  return false;
}

/** True when the delivery line shows a relay name sendmail cut short. */
export function isShortened(loggedHost: string): boolean {
  return loggedHost.includes('...');
}

/**
 * Splits a delivery line's `relay=` value: `mx.example.com. [192.0.2.1]`,
 * `[192.0.2.1] [192.0.2.1]`, `mx.example.com. [IPv6:2001:db8::1]`, or a host name alone when
 * no connection was made.
 */
export function splitRelayField(value: string): { host: string; ip: string | null } {
  const space = value.indexOf(' ');
  const host = space < 0 ? value : value.slice(0, space);
  const rest = space < 0 ? '' : value.slice(space + 1).trim();
  const address = rest.startsWith('[') ? unbracket(rest) : unbracket(host);
  return { host, ip: isIP(address) === 0 ? null : address };
}

/** The MX host name to store: null for an address literal such as `[192.0.2.1]`. */
export function mxHostName(host: string): string | null {
  const key = relayKey(host);
  if (key.startsWith('[')) return null;
  return key === '' ? null : key;
}

/** True for a relay on this machine: a content filter or the local MTA, not an outbound hop. */
export function isLoopback(host: string, ip: string | null): boolean {
  if (ip !== null) return ip.startsWith('127.') || ip === '::1' || ip === '::ffff:127.0.0.1';
  const key = relayKey(host);
  return key === 'localhost' || key === '[127.0.0.1]' || key === '[::1]';
}

function unbracket(text: string): string {
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.replace(/^IPv6:/i, '');
}
