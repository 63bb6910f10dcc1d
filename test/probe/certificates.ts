import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Test certificates, made with the openssl command at test time. `openssl ca` is used for every
 * certificate, roots included, because it alone (in OpenSSL 3.0) takes explicit start and end
 * dates: expired and not-yet-valid leaves need them, and fixed dates make every expected value
 * exact. One leaf key serves every leaf: the checks do not care, and RSA keys are slow to make.
 */
export interface TestCertificate {
  /** PEM of the certificate alone. */
  pem: string;
  file: string;
  /** SHA-256 fingerprint as `openssl x509 -fingerprint` reports it, lower-case hex. */
  sha256: string;
}

export interface TestPki {
  dir: string;
  leafKey: string;
  ca: TestCertificate;
  intermediate: TestCertificate;
  rogueCa: TestCertificate;
  good: TestCertificate;
  wildcard: TestCertificate;
  chained: TestCertificate;
  expired: TestCertificate;
  notYetValid: TestCertificate;
  selfSigned: TestCertificate;
  untrusted: TestCertificate;
  expiredUntrusted: TestCertificate;
}

/** The clock the tests pin: every "valid" certificate runs 2020–2040, this lies in it. */
export const TEST_NOW = Date.UTC(2030, 5, 15, 12, 0, 0);

const VALID = ['20200101000000Z', '20400101000000Z'] as const;
const EXPIRED = ['20200101000000Z', '20210101000000Z'] as const;
const FUTURE = ['20350101000000Z', '20400101000000Z'] as const;

const CONFIG = `[ca]
default_ca = test_ca
[test_ca]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
email_in_dn = no
[any]
organizationName = optional
commonName = supplied
[ca_cert]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

export function makeTestPki(dir: string): TestPki {
  mkdirSync(path.join(dir, 'issued'), { recursive: true });
  writeFileSync(path.join(dir, 'ca.cnf'), CONFIG);
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '1000\n');
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  // CAs sign with P-256 keys, quick to make; the leaf key is RSA, which suites without
  // ECDHE (RSA key exchange, `AES128-SHA`) need.
  const key = (name: string, rsa = false) => {
    const algorithm = rsa
      ? ['RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
      : ['EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    openssl('genpkey', '-algorithm', ...algorithm, '-out', name);
    return name;
  };

  let extensionCount = 0;
  const issue = (
    name: string,
    subject: string,
    options: { key: string; signer?: { cert: string; key: string }; ca?: boolean; sans?: string[] },
    dates: readonly [string, string] = VALID,
  ): TestCertificate => {
    openssl('req', '-new', '-key', options.key, '-subj', subject, '-out', `${name}.csr`);
    const section = `ext${extensionCount++}`;
    const sans = options.sans?.map((s) => `DNS:${s}`).join(',');
    const extensions = options.ca
      ? ''
      : [
          `[${section}]`,
          'basicConstraints = CA:false',
          'keyUsage = digitalSignature, keyEncipherment',
          'extendedKeyUsage = serverAuth',
          'subjectKeyIdentifier = hash',
          'authorityKeyIdentifier = keyid',
          ...(sans ? [`subjectAltName = ${sans}`] : []),
          '',
        ].join('\n');
    writeFileSync(path.join(dir, `${name}.ext`), extensions);
    const signing = options.signer
      ? ['-cert', options.signer.cert, '-keyfile', options.signer.key]
      : ['-selfsign', '-keyfile', options.key];
    const extensionArgs = options.ca
      ? ['-extensions', 'ca_cert']
      : ['-extfile', `${name}.ext`, '-extensions', section];
    openssl(
      'ca', '-batch', '-config', 'ca.cnf', '-notext', ...signing,
      '-in', `${name}.csr`, '-out', `${name}.pem`,
      '-startdate', dates[0], '-enddate', dates[1], ...extensionArgs,
    ); // prettier-ignore
    const fingerprint = openssl('x509', '-noout', '-fingerprint', '-sha256', '-in', `${name}.pem`)
      .toString()
      .trim()
      .replace(/^.*=/, '');
    return {
      pem: readFileSync(path.join(dir, `${name}.pem`), 'utf8'),
      file: path.join(dir, `${name}.pem`),
      sha256: fingerprint.replaceAll(':', '').toLowerCase(),
    };
  };

  const caKey = key('ca.key');
  const rogueKey = key('rogue.key');
  const intermediateKey = key('intermediate.key');
  const leafKey = key('leaf.key', true);
  const ca = issue('ca', '/CN=Census Test CA', { key: caKey, ca: true });
  const caSigner = { cert: 'ca.pem', key: caKey };
  const rogueCa = issue('rogue', '/CN=Census Rogue CA', { key: rogueKey, ca: true });
  const rogueSigner = { cert: 'rogue.pem', key: rogueKey };
  const intermediate = issue('intermediate', '/O=Census/CN=Census Test Intermediate', {
    key: intermediateKey,
    signer: caSigner,
    ca: true,
  });
  const leaf = (sans: string[], signer: { cert: string; key: string }) => ({
    key: leafKey,
    signer,
    sans,
  });

  return {
    dir,
    leafKey: readFileSync(path.join(dir, leafKey), 'utf8'),
    ca,
    intermediate,
    rogueCa,
    good: issue('good', '/CN=mx.good.test', leaf(['mx.good.test'], caSigner)),
    wildcard: issue('wildcard', '/CN=*.example.test', leaf(['*.example.test'], caSigner)),
    chained: issue(
      'chained',
      '/O=Census/CN=mx.chain.test',
      leaf(['mx.chain.test'], { cert: 'intermediate.pem', key: intermediateKey }),
    ),
    expired: issue('expired', '/CN=mx.old.test', leaf(['mx.old.test'], caSigner), EXPIRED),
    notYetValid: issue('future', '/CN=mx.future.test', leaf(['mx.future.test'], caSigner), FUTURE),
    selfSigned: issue('self', '/CN=mx.self.test', { key: leafKey, sans: ['mx.self.test'] }),
    untrusted: issue('rogue-leaf', '/CN=mx.rogue.test', leaf(['mx.rogue.test'], rogueSigner)),
    expiredUntrusted: issue(
      'rogue-old',
      '/CN=mx.rogue-old.test',
      leaf(['mx.rogue-old.test'], rogueSigner),
      EXPIRED,
    ),
  };
}
