const VERSIONS: Record<string, string> = {
  sslv3: 'SSLv3',
  ssl3: 'SSLv3', // Exim 4.93+ with OpenSSL drops the `v`
  'ssl3.0': 'SSLv3', // GnuTLS
  tls1: 'TLSv1', // Exim 4.93+ with OpenSSL: `TLSv1` becomes `TLS1`
  tlsv1: 'TLSv1',
  'tlsv1.0': 'TLSv1',
  'tls1.0': 'TLSv1',
  tlsv10: 'TLSv1',
  tlsv1_0: 'TLSv1',
  'tlsv1.1': 'TLSv1.1',
  'tls1.1': 'TLSv1.1',
  tlsv11: 'TLSv1.1',
  tlsv1_1: 'TLSv1.1',
  'tlsv1.2': 'TLSv1.2',
  'tls1.2': 'TLSv1.2',
  tlsv12: 'TLSv1.2',
  tlsv1_2: 'TLSv1.2',
  'tlsv1.3': 'TLSv1.3',
  'tls1.3': 'TLSv1.3',
  tlsv13: 'TLSv1.3',
  tlsv1_3: 'TLSv1.3',
};

/**
 * Normalizes the protocol spellings of OpenSSL (`TLSv1.2`), Exim 4.93+ (`TLS1.2`, `TLS1`), Zeek
 * (`TLSv12`) and rustls (`TLSv1_2`) to OpenSSL's. Unknown spellings give null, and so does old
 * Sendmail's `TLSv1/SSLv3`, which names a method that negotiates either.
 */
export function normalizeTlsVersion(logged: string): string | null {
  return VERSIONS[logged.trim().toLowerCase()] ?? null;
}
