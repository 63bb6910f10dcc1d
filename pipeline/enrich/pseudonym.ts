import { createHmac } from 'node:crypto';

/**
 * A keyed pseudonym of a recipient address, for counting unique recipients without storing who
 * they are: HMAC-SHA-256 under the user's secret key, of the address in lower case, first 32
 * hex digits. Without the key the pseudonym cannot be reversed or recomputed from an address.
 */
export function recipientPseudonym(key: Uint8Array, address: string): string {
  return createHmac('sha256', key).update(address.toLowerCase()).digest('hex').slice(0, 32);
}
