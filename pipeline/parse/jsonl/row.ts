import type { Delivery } from '../../model/delivery.js';
import type { Line } from '../../read/line.js';
import { cipherFacts } from '../../classify/cipher.js';
import { normalizeTlsVersion } from '../../classify/tls-version.js';
import { softwareFromBanner, softwareFromReply } from '../../enrich/software.js';
import { classifyRecord } from './classify.js';
import type { CanonicalRecord } from './validate.js';

/** The warehouse row of a valid canonical record. */
export function deliveryFromRecord(record: CanonicalRecord, line: Line): Delivery {
  const classification = classifyRecord(record);
  // TLS details of a session that was never attempted describe nothing that happened.
  const tls = record.tls?.attempted ? record.tls : null;
  const tlsVersion = tls?.protocol ? normalizeTlsVersion(tls.protocol) : null;
  const facts = tls?.cipher ? cipherFacts(tls.cipher, tlsVersion) : null;
  const verified = tls?.certificate?.verified ?? null;
  const banner = record.banner === null ? null : softwareFromBanner(record.banner);
  const reply = record.reply === null ? null : softwareFromReply(record.reply);

  return {
    timeMillis: record.timeMillis,
    logHost: record.host ?? '',
    dialect: 'jsonl',
    queueId: record.queueId ?? '',
    recipientDomain: record.recipientDomain,
    recipientAddress: record.recipientAddress,
    recipientPseudonym: null,
    mxHost: mxHostName(record.mxHost),
    ip: record.ip,
    port: record.port,
    status: record.status,
    dsn: record.dsn,
    starttls: classification.starttls,
    evidence: classification.evidence,
    verdicts: classification.verdicts,
    trustLogged: verified === null ? null : `verified=${verified}`,
    verifyText: tls?.error ?? null,
    tlsVersionLogged: tls?.protocol ?? null,
    tlsVersion,
    cipherLogged: tls?.cipher ?? null,
    cipher: facts?.name ?? null,
    forwardSecrecy: facts?.forwardSecrecy ?? null,
    keyExchange: tls?.keyExchange ?? null,
    software: banner ?? reply,
    connectionUse: record.connectionUse,
    sourceFile: '',
    sourceOffset: line.offset,
    sourceLine: line.number,
  };
}

/** Lower case, without the root's trailing dot; an empty name is no name. */
function mxHostName(name: string | null): string | null {
  if (name === null) return null;
  const host = name.toLowerCase().replace(/\.$/, '');
  return host === '' ? null : host;
}
