import { HEX_LOWER, type Random } from './random.js';

// First octets of unicast space outside private, loopback, link-local, CGNAT, multicast and
// documentation ranges, so that an invented MX address could be a real one.
const FIRST_OCTETS = [
  2, 5, 12, 18, 23, 31, 37, 45, 46, 50, 62, 66, 69, 77, 78, 80, 81, 82, 83, 85, 87, 88, 89, 91, 93,
  94, 95, 103, 109, 116, 118, 121, 128, 133, 136, 138, 141, 144, 148, 151, 153, 158, 162, 164, 167,
  176, 178, 180, 185, 188, 190, 193, 194, 195, 200, 202, 203, 210, 211, 212, 213, 217, 218,
];

/** A public-looking IPv4 address. */
export function publicIpv4(random: Random): string {
  const first = random.pick(FIRST_OCTETS);
  return `${first}.${random.int(256)}.${random.int(256)}.${random.between(1, 254)}`;
}

/** An IPv4 address inside `prefix`, given as its leading octets: `142.250` or `52.101.68`. */
export function ipv4In(prefix: string, random: Random): string {
  const given = prefix.split('.').length;
  const parts = [prefix];
  for (let i = given; i < 4; i++) {
    parts.push(String(i === 3 ? random.between(1, 254) : random.int(256)));
  }
  return parts.join('.');
}

/** An IPv6 host address inside a /64 given as its first four groups: `2a00:1450:4013:c0b`. */
export function ipv6In(prefix: string, random: Random): string {
  return `${prefix}::${random.chars(HEX_LOWER, 1).replace('0', '1')}${random.chars(HEX_LOWER, 1)}`;
}
