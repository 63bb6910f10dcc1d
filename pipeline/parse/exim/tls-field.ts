/**
 * The `X=` field of an Exim delivery line: `<protocol>:<cipher>:<bits>[:<key-exchange group>]`,
 * with `*` appended when the session was resumed (`+tls_resumption`).
 */
export interface TlsField {
  /** As logged: `TLS1.2` (4.93+), `TLSv1.2` (older OpenSSL builds), `TLS1.3-PSK` (GnuTLS). */
  protocol: string;
  /** OpenSSL (`ECDHE-RSA-AES256-GCM-SHA384`) or GnuTLS (`ECDHE_RSA_AES_256_GCM_SHA384`) name. */
  cipher: string;
  keyExchange: string | null;
  resumed: boolean;
}

const PROTOCOL = /^(?:TLS|SSL)v?\d/i;

// GnuTLS session descriptions start with the key exchange and its group: `ECDHE_X25519__…`.
const GNUTLS_GROUP = /^(?:ECDHE|DHE)_(X25519|X448|SECP\d+R1|FFDHE\d+)__/;

/** The parts of an `X=` value, or null when it has no protocol and cipher to read. */
export function readTlsField(value: string): TlsField | null {
  const resumed = value.endsWith('*');
  const parts = (resumed ? value.slice(0, -1) : value).split(':');
  const protocol = parts[0] ?? '';
  const cipher = parts[1] ?? '';
  if (!PROTOCOL.test(protocol) || cipher === '') return null;

  let keyExchange = parts[3] || null;
  if (keyExchange === null) {
    const group = GNUTLS_GROUP.exec(cipher)?.[1];
    if (group) keyExchange = group.startsWith('X') ? group : group.toLowerCase();
  }
  return { protocol, cipher, keyExchange, resumed };
}

/** The protocol without GnuTLS's suffixes (`TLS1.3-PSK`, `TLS1.2-PKIX`), for normalizing. */
export function bareProtocol(protocol: string): string {
  const dash = protocol.indexOf('-');
  return dash < 0 ? protocol : protocol.slice(0, dash);
}
