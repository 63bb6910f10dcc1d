/** What a cipher suite name tells: its OpenSSL name where it can be derived, and forward secrecy. */
export interface CipherFacts {
  /** OpenSSL name (`ECDHE-RSA-AES256-GCM-SHA384`, `TLS_AES_256_GCM_SHA384`), else as logged. */
  name: string;
  forwardSecrecy: boolean | null;
}

const TLS13_SUITES = ['AES_128_GCM_SHA256', 'AES_256_GCM_SHA384', 'CHACHA20_POLY1305_SHA256'];

// OpenSSL spells bulk ciphers and MACs differently from IANA; these cover the suites seen on
// SMTP in practice. A suite not covered keeps its logged name.
const IANA_BULK: Record<string, string> = {
  AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  AES_128_CBC_SHA: 'AES128-SHA',
  AES_256_CBC_SHA: 'AES256-SHA',
  AES_128_CBC_SHA256: 'AES128-SHA256',
  AES_256_CBC_SHA384: 'AES256-SHA384',
  AES_256_CBC_SHA256: 'AES256-SHA256',
  CHACHA20_POLY1305_SHA256: 'CHACHA20-POLY1305',
  RC4_128_SHA: 'RC4-SHA',
  '3DES_EDE_CBC_SHA': 'DES-CBC3-SHA',
  CAMELLIA_256_CBC_SHA: 'CAMELLIA256-SHA',
  CAMELLIA_128_CBC_SHA: 'CAMELLIA128-SHA',
};

const IANA_KX: Record<string, { prefix: string; forwardSecrecy: boolean }> = {
  ECDHE_RSA: { prefix: 'ECDHE-RSA-', forwardSecrecy: true },
  ECDHE_ECDSA: { prefix: 'ECDHE-ECDSA-', forwardSecrecy: true },
  DHE_RSA: { prefix: 'DHE-RSA-', forwardSecrecy: true },
  DHE_DSS: { prefix: 'DHE-DSS-', forwardSecrecy: true },
  DH_anon: { prefix: 'ADH-', forwardSecrecy: true },
  ECDH_anon: { prefix: 'AECDH-', forwardSecrecy: true },
  RSA: { prefix: '', forwardSecrecy: false },
  ECDH_RSA: { prefix: 'ECDH-RSA-', forwardSecrecy: false },
  ECDH_ECDSA: { prefix: 'ECDH-ECDSA-', forwardSecrecy: false },
  DH_RSA: { prefix: 'DH-RSA-', forwardSecrecy: false },
};

const OPENSSL_PFS_PREFIXES = ['ECDHE-', 'DHE-', 'EDH-', 'AECDH-', 'ADH-'];

// Logs name a handful of suites over and over: each (version, name) pair is worked out once.
const known = new Map<string | null, Map<string, Readonly<CipherFacts>>>();
const KNOWN_LIMIT = 10_000;
let knownCount = 0;

/** Cipher facts from a suite name in OpenSSL, IANA, rustls or GnuTLS spelling. */
export function cipherFacts(logged: string, tlsVersion: string | null): Readonly<CipherFacts> {
  let byName = known.get(tlsVersion);
  if (byName === undefined) {
    byName = new Map();
    known.set(tlsVersion, byName);
  }
  let facts = byName.get(logged);
  if (facts === undefined) {
    if (knownCount >= KNOWN_LIMIT) {
      for (const names of known.values()) names.clear();
      knownCount = 0;
    }
    facts = Object.freeze(deriveCipherFacts(logged, tlsVersion));
    byName.set(logged, facts);
    knownCount++;
  }
  return facts;
}

function deriveCipherFacts(logged: string, tlsVersion: string | null): CipherFacts {
  const name = logged.trim();
  if (name.includes('__')) return gnutlsDescription(name, tlsVersion);

  // TLS 1.3 suites always use an ephemeral key exchange.
  const tls13 = tls13Suite(name);
  if (tls13 !== null) return { name: tls13, forwardSecrecy: true };
  if (tlsVersion === 'TLSv1.3') return { name, forwardSecrecy: true };

  // IANA (`TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`), as Zeek and KumoMTA's OpenSSL path log.
  const iana = /^TLS_(.+?)_WITH_(.+)$/.exec(name);
  if (iana) {
    const kx = IANA_KX[iana[1] ?? ''];
    const bulk = IANA_BULK[iana[2] ?? ''];
    if (!kx) return { name, forwardSecrecy: null };
    return { name: bulk ? kx.prefix + bulk : name, forwardSecrecy: kx.forwardSecrecy };
  }

  // rustls TLS 1.2 (`TLS_ECDHE_RSA_WITH_...` is IANA; rustls also writes `TLS_ECDHE_...`).
  // GnuTLS as Exim logs it: `ECDHE_RSA_AES_256_GCM_SHA384`, `RSA_AES_256_CBC_SHA1`.
  if (/^[A-Z0-9]+(_[A-Z0-9]+)+$/.test(name) && !name.includes('-')) {
    if (/^(ECDHE|DHE)_/.test(name)) return { name, forwardSecrecy: true };
    if (/^(RSA|PSK)_/.test(name)) return { name, forwardSecrecy: false };
    return { name, forwardSecrecy: null };
  }

  // OpenSSL names.
  if (OPENSSL_PFS_PREFIXES.some((p) => name.startsWith(p))) return { name, forwardSecrecy: true };
  if (/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(name)) return { name, forwardSecrecy: false };
  return { name, forwardSecrecy: null };
}

function tls13Suite(name: string): string | null {
  for (const suite of TLS13_SUITES) {
    if (name === `TLS_${suite}` || name === `TLS13_${suite}`) return `TLS_${suite}`;
  }
  return null;
}

const GNUTLS_TLS13_BULK: Record<string, string> = {
  AES_256_GCM: 'TLS_AES_256_GCM_SHA384',
  AES_128_GCM: 'TLS_AES_128_GCM_SHA256',
  CHACHA20_POLY1305: 'TLS_CHACHA20_POLY1305_SHA256',
};

/**
 * A GnuTLS session description as Exim logs it: the groups of `(ECDHE-SECP256R1)-(RSA-SHA256)-
 * (AES-256-GCM)` joined by `__`. GnuTLS 3.1.10+ writes this form for TLS 1.2 as well as 1.3
 * (`TLS1.2:ECDHE_SECP521R1__RSA_SHA512__AES_256_GCM:256`), so only the protocol tells a TLS 1.3
 * suite; the first group names the key exchange.
 */
function gnutlsDescription(name: string, tlsVersion: string | null): CipherFacts {
  const parts = name.split('__');
  if (tlsVersion === 'TLSv1.3') {
    return { name: GNUTLS_TLS13_BULK[parts[parts.length - 1] ?? ''] ?? name, forwardSecrecy: true };
  }
  const keyExchange = parts[0] ?? '';
  if (/^(ECDHE|DHE)(_|$)/.test(keyExchange)) return { name, forwardSecrecy: true };
  if (/^(RSA|PSK)(_|$)/.test(keyExchange)) return { name, forwardSecrecy: false };
  return { name, forwardSecrecy: null };
}
