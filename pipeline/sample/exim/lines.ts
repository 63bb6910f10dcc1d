/**
 * The main-log messages of Exim 4.96 built with OpenSSL, after the timestamp: arrivals, deliveries,
 * deferrals, failures, certificate checks and the cleartext fallback (deliver.c `delivery_log`,
 * `deferral_log`, `failure_log`; tls-openssl.c `verify_callback`; transports/smtp.c).
 */
import type { CipherSuite } from '../cipher-suites.js';

/** `H=name [address]` with `*` on a continued connection. */
export function hostField(mx: string, ip: string, continued: boolean): string {
  return `H=${mx} [${ip}]${continued ? '*' : ''}`;
}

const PROTOCOL: Record<CipherSuite['version'], string> = {
  TLSv1: 'TLS1',
  'TLSv1.1': 'TLS1.1',
  'TLSv1.2': 'TLS1.2',
  'TLSv1.3': 'TLS1.3',
};

/** ` X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes`: Exim 4.93+ drops the `v` of the protocol. */
export function tlsFields(suite: CipherSuite, verified: boolean): string {
  const bits = suite.bits.slice(0, suite.bits.indexOf('/'));
  return ` X=${PROTOCOL[suite.version]}:${suite.cipher}:${bits} CV=${verified ? 'yes' : 'no'}`;
}

/** Where a message came from: a local program, or an SMTP client `name[address]`. */
export type Submission = { kind: 'local' } | { kind: 'smtp'; name: string; ip: string };

export function arrival(
  id: string,
  sender: string,
  from: Submission,
  sizeBytes: number,
  messageId: string,
): string {
  const origin =
    from.kind === 'local'
      ? 'U=www-data P=local'
      : `H=${from.name} [${from.ip}] P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no`;
  return `${id} <= ${sender} ${origin} S=${sizeBytes} id=${messageId.slice(1, -1)}\n`;
}

/** `=>` for the first address of a transaction, `->` for the others. */
export function delivered(
  id: string,
  flag: '=>' | '->',
  address: string,
  host: string,
  tls: string,
  reply: string,
): string {
  return `${id} ${flag} ${address} R=dnslookup T=remote_smtp ${host}${tls} C=${quoted(reply)}\n`;
}

/** `**`: the server refused the address; TLS fields as on a delivery. */
export function failed(
  id: string,
  address: string,
  host: string,
  tls: string,
  reply: string,
): string {
  return (
    `${id} ** ${address} R=dnslookup T=remote_smtp ${host}${tls}: ` +
    `SMTP error from remote mail server after RCPT TO:<${address}>: ${reply}\n`
  );
}

/** `==`: deferred. Exim logs no TLS fields on deferrals. */
export function deferred(id: string, address: string, host: string, after: string, reply: string) {
  // ERRNO_RCPT4XX and ERRNO_MAIL4XX.
  const errno = after.startsWith('RCPT') ? -44 : -46;
  return (
    `${id} == ${address} R=dnslookup T=remote_smtp defer (${errno}) ${host}: ` +
    `SMTP error from remote mail server after ${after}: ${reply}\n`
  );
}

/** One failing certificate check, logged for every one even when verification is optional. */
export function verifyError(id: string, ip: string, text: string): string {
  return `${id} [${ip}] SSL verify error: ${text}\n`;
}

/** The handshake failed and the host is not in `hosts_require_tls`: Exim goes on in clear. */
export function fallback(id: string, error: string, mx: string, ip: string): string {
  return (
    `${id} TLS session: (SSL_connect): ${error}: ` +
    `delivering unencrypted to H=${mx} [${ip}] (not in hosts_require_tls)\n`
  );
}

export function completed(id: string): string {
  return `${id} Completed\n`;
}

export function queueRun(edge: 'Start' | 'End', pid: number): string {
  return `${edge} queue run: pid=${pid}\n`;
}

/** The bounce message Exim makes for a failed address, delivered to the sender's mailbox. */
export function bounceMessage(bounceId: string, id: string, sender: string, sizeBytes: number) {
  const local = sender.slice(0, sender.lastIndexOf('@'));
  return [
    `${bounceId} <= <> R=${id} U=Debian-exim P=local S=${sizeBytes}\n`,
    `${bounceId} => ${local} <${sender}> R=local_user T=local_delivery\n`,
    `${bounceId} Completed\n`,
  ];
}

function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}
