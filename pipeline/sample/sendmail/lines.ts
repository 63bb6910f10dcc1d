/**
 * The messages of sendmail 8.17/8.18 (LogLevel 9, or 12 where noted), after `sm-mta[PID]: `:
 * envelope and delivery records (deliver.c `logdelivery`, srvrsmtp.c), STARTTLS (tls.c
 * `tls_get_info`, `tlslogerr`; deliver.c `starttls`) and the `tls_server` ruleset (proto.m4).
 */

/** `Dec  1 09:15:02 ` plus `host program[pid]: `. */
export function prefix(host: string, program: 'sm-mta' | 'sendmail', pid: number): string {
  return `${host} ${program}[${pid}]: `;
}

export function envelope(
  queueId: string,
  sender: string,
  sizeBytes: number,
  nrcpts: number,
  messageId: string,
  client: { proto: 'ESMTP' | 'ESMTPS'; relay: string },
): string {
  return (
    `${queueId}: from=<${sender}>, size=${sizeBytes}, class=0, nrcpts=${nrcpts}, ` +
    `msgid=${messageId}, proto=${client.proto}, daemon=MTA-v4, relay=${client.relay}\n`
  );
}

/** The submission program's envelope: local users and `-f` senders are logged bare. */
export function submitted(queueId: string, sender: string, sizeBytes: number, nrcpts: number) {
  return (
    `${queueId}: from=${sender}, size=${sizeBytes}, class=0, nrcpts=${nrcpts}, ` +
    `msgid=<${queueId}.submit@localhost>, relay=www-data@localhost\n`
  );
}

export interface DeliveryFields {
  queueId: string;
  /** `<a@d>,<b@d>`, or bare addresses for the submission program. */
  to: string;
  ctladdr?: string;
  delaySeconds: number;
  xdelaySeconds: number;
  mailer: 'esmtp' | 'relay' | 'local';
  priority: number;
  /** `mx.example.com. [192.0.2.1]`, or null for a local mailer. */
  relay: string | null;
  dsn: string;
  stat: string;
}

export function delivery(f: DeliveryFields): string {
  return (
    `${f.queueId}: to=${f.to}, ${f.ctladdr ? `ctladdr=${f.ctladdr}, ` : ''}` +
    `delay=${interval(f.delaySeconds)}, xdelay=${interval(f.xdelaySeconds)}, ` +
    `mailer=${f.mailer}, pri=${f.priority}, ${f.relay === null ? '' : `relay=${f.relay}, `}` +
    `dsn=${f.dsn}, stat=${f.stat}\n`
  );
}

/**
 * The relay of a delivery record: the connection's host name, cut to `first 18...last 18` when
 * 40 characters or longer (`shortenstring(mci_host, 40)`), and its address.
 */
export function relayField(hostName: string, ip: string): string {
  const host = `${hostName}.`;
  const shown = host.length < 40 ? host : `${host.slice(0, 18)}...${host.slice(-18)}`;
  return `${shown} [${ip.includes(':') ? `IPv6:${ip}` : ip}]`;
}

export function session(
  relay: string,
  version: string,
  verify: string,
  cipher: string,
  bits: string,
): string {
  return (
    `STARTTLS=client, relay=${relay}., version=${version}, verify=${verify}, ` +
    `cipher=${cipher}, bits=${bits}\n`
  );
}

/** LogLevel 12: after the session line, the certificate (xtext) and OpenSSL's verdict. */
export function certificate(subject: string, issuer: string, verifyMessage: string): string {
  return (
    `STARTTLS=client, cert-subject=${xtext(subject)}, cert-issuer=${xtext(issuer)}, ` +
    `verifymsg=${verifyMessage}\n`
  );
}

export function connectFailed(reason: string): string {
  return (
    `STARTTLS=client, error: connect failed=-1, reason=${reason}, SSL_error=1, errno=0, ` +
    'retry=-1\n'
  );
}

/** LogLevel 10 and up: OpenSSL's error queue after a failure. */
export function libraryError(pid: number, error: string): string {
  return `STARTTLS=client: ${pid}:${error}\n`;
}

export function tlsServerRefused(relay: string): string {
  return `ruleset=tls_server, arg1=SOFTWARE, relay=${relay}, reject=403 4.7.0 TLS handshake failed.\n`;
}

export function dsnNotice(queueId: string, dsnQueueId: string, stat: string): string {
  return `${queueId}: ${dsnQueueId}: DSN: ${stat}\n`;
}

export function dsnEnvelope(dsnQueueId: string, host: string, sizeBytes: number): string {
  return (
    `${dsnQueueId}: from=<>, size=${sizeBytes}, class=0, nrcpts=1, ` +
    `msgid=<${dsnQueueId}@${host}.acme-retail.example>\n`
  );
}

/** `HH:MM:SS`, with `D+` in front past a day (sendmail's `pintvl`). */
function interval(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const rest = s % 86_400;
  const text = `${two(Math.floor(rest / 3600))}:${two(Math.floor(rest / 60) % 60)}:${two(rest % 60)}`;
  return days > 0 ? `${days}+${text}` : text;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** sendmail's xtext: spaces and `+` as `+HH`, so that a value holds no blank. */
function xtext(text: string): string {
  return text.replace(/[ +]/g, (c) => `+${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
