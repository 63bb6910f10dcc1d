/**
 * Small Postfix logs for fault tests, with the expected rows known by construction: delivery i
 * goes to `d<i % domains>.example`, over TLS (Trusted, so `unverified`) when i is even and in
 * clear (`none`) when odd, logged by `host` at `start` + i seconds.
 */
export interface LogSpec {
  host: string;
  deliveries: number;
  /** UTC milliseconds of the first delivery. */
  start: number;
  domains?: number;
  /** First queue-id number, so several logs do not share ids. */
  firstId?: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function syslogTime(millis: number): string {
  const d = new Date(millis);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const time = d.toISOString().slice(11, 19);
  return `${MONTHS[d.getUTCMonth()]} ${day} ${time}`;
}

export function postfixLog(spec: LogSpec): string {
  const lines: string[] = [];
  const domains = spec.domains ?? 50;
  for (let i = 0; i < spec.deliveries; i++) {
    const id = ((spec.firstId ?? 0) + i).toString(16).toUpperCase().padStart(10, '0');
    const time = syslogTime(spec.start + i * 1000);
    const pid = 1000 + (i % 7);
    const relay = `mx${i % 3}.d${i % domains}.example[192.0.2.${i % 250}]:25`;
    const prefix = `${time} ${spec.host} postfix/smtp[${pid}]: `;
    lines.push(
      `${time} ${spec.host} postfix/qmgr[99]: ${id}: from=<app@sender.example>, size=2048, nrcpt=1 (queue active)`,
    );
    if (i % 2 === 0) {
      lines.push(
        prefix +
          `Trusted TLS connection established to ${relay}: TLSv1.2 with cipher ` +
          'ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
      );
    }
    lines.push(
      prefix +
        `${id}: to=<user${i}@d${i % domains}.example>, relay=${relay}, delay=0.4, ` +
        `delays=0.1/0/0.2/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as Q${id})`,
    );
    lines.push(`${time} ${spec.host} postfix/qmgr[99]: ${id}: removed`);
  }
  return lines.join('\n') + '\n';
}
