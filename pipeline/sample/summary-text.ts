import { flat } from './flat.js';
import { tlsSummary } from './postfix-lines.js';
import type { Trust } from './tls-behaviour.js';
import type { MxHost } from './world.js';

const TRUST_INDEX: Record<Trust, number> = { Anonymous: 0, Untrusted: 1, Trusted: 2, Verified: 3 };

/**
 * `<Trust> TLS connection established|reused to H[IP]:25: <tail>`, for an MX host at one of
 * its addresses. `suffixed` tells the TLS 1.3 tail of Postfix 3.4+ from the plain one.
 * Summary lines are the longest lines of the log and repeat for every connection to the same
 * address, so each text is built once per host and kept contiguous (see flat.ts).
 */
export function summaryText(
  mx: MxHost,
  ip: string,
  trust: Trust,
  reused: boolean,
  suffixed: boolean,
  tail: string,
): string {
  let texts = mx.summaries.get(ip);
  if (texts === undefined) {
    texts = [];
    mx.summaries.set(ip, texts);
  }
  const slot = TRUST_INDEX[trust] * 4 + (reused ? 2 : 0) + (suffixed ? 1 : 0);
  let text = texts[slot];
  if (text === undefined) {
    const relay = mx.relays.get(ip) ?? `${mx.name}[${ip}]:25`;
    text = flat(tlsSummary(trust, reused, relay, tail));
    texts[slot] = text;
  }
  return text;
}
