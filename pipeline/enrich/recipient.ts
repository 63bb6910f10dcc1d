import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/**
 * The domain of a recipient address, lower-case and as an IDNA A-label, or null when the
 * address has none. Only the domain leaves this function: the local part is never kept.
 */
export function recipientDomain(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  let domain = address.slice(at + 1).toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (domain === '' || domain.includes(' ')) return null;
  if (domain.startsWith('[')) return isAddressLiteral(domain) ? domain : null;
  if (/^[a-z0-9.-]+$/.test(domain)) return domain;
  const ascii = domainToASCII(domain);
  return ascii === '' ? null : ascii;
}

/** `[192.0.2.1]` or `[ipv6:2001:db8::1]` (lower-cased): the address literals mail uses. */
function isAddressLiteral(domain: string): boolean {
  if (!domain.endsWith(']')) return false;
  const inner = domain.slice(1, -1);
  return inner.startsWith('ipv6:') ? isIP(inner.slice(5)) === 6 : isIP(inner) === 4;
}
