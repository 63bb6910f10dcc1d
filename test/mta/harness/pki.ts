import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { certificateNames, type CertificateKind, type Scenario } from './scenarios.js';

/**
 * The certificates of the receivers, made with the openssl command when the suite starts.
 * `openssl ca` issues every one, the roots included, because in OpenSSL 3.0 only it takes
 * explicit start and end dates, which the expired certificates need. Dates are relative to the
 * real clock: the MTAs check them against it.
 */
export interface Pki {
  dir: string;
  /** The CA the sender trusts (Postfix smtp_tls_CAfile, Exim tls_verify_certificates, …). */
  caFile: string;
  /** Per scenario name: the receiver's key and certificate. */
  servers: Map<string, { keyFile: string; certFile: string }>;
}

const DAY_MILLIS = 86_400_000;

const CA_CONFIG = `[ca]
default_ca = census_ca
[census_ca]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
[root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $ENV::CENSUS_SAN
`;

export function makePki(dir: string, scenarios: Scenario[], nowMillis: number): Pki {
  mkdirSync(path.join(dir, 'issued'), { recursive: true });
  writeFileSync(path.join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '1000\n');
  const openssl = (args: string[], san = 'DNS:unused.invalid') =>
    execFileSync('openssl', args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CENSUS_SAN: san },
    });
  const date = (offsetDays: number) =>
    new Date(nowMillis + offsetDays * DAY_MILLIS).toISOString().replace(/[-:T]|\.\d+/g, '');
  const valid = [date(-2), date(365)];
  const expired = [date(-400), date(-35)];

  for (const key of ['ca', 'rogue-ca', 'leaf']) {
    openssl([
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-out',
      `${key}.key`,
    ]);
  }
  const issue = (
    out: string,
    subject: string,
    key: string,
    signer: string | null,
    opts: {
      dates: string[];
      extensions: 'root' | 'leaf';
      san?: string;
    },
  ) => {
    openssl(['req', '-new', '-key', key, '-subj', subject, '-out', `${out}.csr`]);
    const signing =
      signer === null
        ? ['-selfsign', '-keyfile', key]
        : ['-cert', `${signer}.pem`, '-keyfile', `${signer}.key`];
    openssl(
      [
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-notext',
        ...signing,
        '-in',
        `${out}.csr`,
        '-out',
        `${out}.pem`,
        '-startdate',
        opts.dates[0] ?? '',
        '-enddate',
        opts.dates[1] ?? '',
        '-extensions',
        opts.extensions,
      ],
      opts.san,
    );
  };
  const rootDates = [date(-1000), date(2000)];
  issue('ca', '/O=starttls-census/CN=Census Test CA', 'ca.key', null, {
    dates: rootDates,
    extensions: 'root',
  });
  issue('rogue-ca', '/O=Nobody/CN=Census Rogue CA', 'rogue-ca.key', null, {
    dates: rootDates,
    extensions: 'root',
  });

  const servers = new Map<string, { keyFile: string; certFile: string }>();
  for (const scenario of scenarios) {
    const names = certificateNames(scenario);
    const san = names.map((n) => `DNS:${n}`).join(',');
    const subject = `/O=starttls-census/CN=${names[0] ?? ''}`;
    const { signer, dates } = issuing(scenario.certificate, valid, expired);
    const out = `server-${scenario.name}`;
    issue(out, subject, 'leaf.key', signer, { dates, extensions: 'leaf', san });
    servers.set(scenario.name, {
      keyFile: path.join(dir, 'leaf.key'),
      certFile: path.join(dir, `${out}.pem`),
    });
  }
  return { dir, caFile: path.join(dir, 'ca.pem'), servers };
}

/** Who signs a certificate of this kind (null: its own key) and for which dates. */
function issuing(
  kind: CertificateKind,
  valid: string[],
  expired: string[],
): { signer: string | null; dates: string[] } {
  switch (kind) {
    case 'valid':
    case 'wildcard':
    case 'mismatch':
      return { signer: 'ca', dates: valid };
    case 'self-signed':
    case 'self-signed-mismatch':
      return { signer: null, dates: valid };
    case 'untrusted-ca':
      return { signer: 'rogue-ca', dates: valid };
    case 'expired':
      return { signer: 'ca', dates: expired };
    case 'expired-untrusted':
      return { signer: 'rogue-ca', dates: expired };
  }
}
