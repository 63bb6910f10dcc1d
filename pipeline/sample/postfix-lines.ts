/**
 * The message texts of Postfix's smtp, qmgr, cleanup, bounce and tlsproxy daemons, after the
 * `program[pid]: ` prefix. Shapes follow Postfix 3.x (tls_misc.c, tls_verify.c, tls_client.c,
 * smtp_proto.c, log_adhoc.c, qmgr_active.c).
 */

import type { Trust } from './tls-behaviour.js';

export function tlsSummary(trust: Trust, reused: boolean, relay: string, tail: string): string {
  return `${trust} TLS connection ${reused ? 'reused' : 'established'} to ${relay}: ${tail}\n`;
}

export function verifyFailure(prefix: string, relay: string, text: string): string {
  return `${prefix}certificate verification failed for ${relay}: ${text}\n`;
}

export function sslConnectError(relay: string): string {
  return `SSL_connect error to ${relay}: lost connection\n`;
}

export function tlsLibraryProblem(error: string): string {
  return `warning: TLS library problem: ${error}\n`;
}

export function cannotStartTls(queueId: string): string {
  return `${queueId}: Cannot start TLS: handshake failure\n`;
}

export function connectFailure(relay: string, ipv6: boolean): string {
  return `connect to ${relay}: ${ipv6 ? 'Network is unreachable' : 'Connection timed out'}\n`;
}

export function lostGreeting(queueId: string, mxHost: string, ip: string): string {
  const what = 'while receiving the initial server greeting';
  return `${queueId}: lost connection with ${mxHost}[${ip}] ${what}\n`;
}

export interface DeliveryFields {
  queueId: string;
  recipient: string;
  /** An alias the recipient was rewritten from, or null. */
  origTo: string | null;
  relay: string;
  connectionUse: number;
  delay: string;
  delays: string;
  /** Postfix 3.11 TLS feature status, or null when not logged. */
  tls: string | null;
  dsn: string;
  status: 'sent' | 'deferred' | 'bounced';
  detail: string;
}

/** `QID: to=<…>, relay=H[IP]:P[, conn_use=N], delay=…, delays=…[, tls=…], dsn=…, status=…` */
export function deliveryLine(f: DeliveryFields): string {
  return (
    `${f.queueId}: to=<${f.recipient}>${f.origTo === null ? '' : `, orig_to=<${f.origTo}>`}` +
    `, relay=${f.relay}${f.connectionUse > 1 ? `, conn_use=${f.connectionUse}` : ''}` +
    `, delay=${f.delay}, delays=${f.delays}${f.tls === null ? '' : `, tls=${f.tls}`}` +
    `, dsn=${f.dsn}, status=${f.status} (${f.detail})\n`
  );
}

export function hostSaid(mxHost: string, ip: string, reply: string, command: string): string {
  return `host ${mxHost}[${ip}] said: ${reply} (in reply to ${command} command)`;
}

export function queueActive(
  queueId: string,
  sender: string,
  sizeBytes: number,
  nrcpt: number,
): string {
  return `${queueId}: from=<${sender}>, size=${sizeBytes}, nrcpt=${nrcpt} (queue active)\n`;
}

export function messageIdLine(queueId: string, messageId: string): string {
  return `${queueId}: message-id=${messageId}\n`;
}

export function submissionClient(queueId: string, client: string): string {
  return `${queueId}: client=${client}\n`;
}

export function pickupLine(queueId: string, uid: number, sender: string): string {
  return `${queueId}: uid=${uid} from=<${sender}>\n`;
}

export function removed(queueId: string): string {
  return `${queueId}: removed\n`;
}

export function nonDeliveryNotice(queueId: string, noticeId: string): string {
  return `${queueId}: sender non-delivery notification: ${noticeId}\n`;
}

export function tlsproxyConnect(ip: string): string {
  return `CONNECT to [${ip}]:25\n`;
}

/**
 * Postfix's delay notation: two significant digits below 10 seconds, whole seconds above,
 * trailing zeros dropped (`0.52`, `0.3`, `3.6`, `11`, `0`). Input in milliseconds.
 */
export function formatDelay(millis: number): string {
  if (millis >= 10_000) return String(Math.floor(millis / 1000));
  if (millis >= 1000) {
    const tenths = Math.floor(millis / 100);
    return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
  }
  const hundredths = Math.floor(millis / 10);
  if (hundredths === 0) return '0';
  if (hundredths % 10 === 0) return `0.${hundredths / 10}`;
  return hundredths < 10 ? `0.0${hundredths}` : `0.${hundredths}`;
}
