import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryStatus } from '../../../pipeline/model/delivery.js';
import { sendmailExpectations } from '../expectations/sendmail.js';
import { messageText, type InsideContext, type MtaConfig, type MtaDriver } from '../harness/mta.js';
import { SENDER_DOMAIN } from '../harness/namespace-setup.js';

/**
 * Debian's sendmail as the outbound MTA, configured from m4 like any sendmail: a mailertable
 * sends every recipient domain to `esmtp:[mx host]` (brackets: no MX lookup; the address comes
 * from /etc/hosts through the service switch), and the test CA is its CACertFile. sendmail logs
 * only through syslog(3), so an rsyslogd of the namespace listens on its own /dev/log and writes
 * the mail facility in the traditional file format. Messages are queued and delivered by
 * `sendmail -q` queue runs, logged under Debian's tag `sm-mta`.
 */
const CONFIGS: MtaConfig[] = [
  { name: 'loglevel-9', settings: 'LogLevel 9 (the default)' },
  { name: 'loglevel-14', settings: 'LogLevel 14' },
  {
    name: 'fallback-to-clear',
    settings: 'LogLevel 9, TLSFallbacktoClear (confTLS_FALLBACK_TO_CLEAR)',
  },
];

const SENDMAIL = '/usr/libexec/sendmail/sendmail';
const TAG = ['-L', 'sm-mta'];
const QUEUE = '/var/spool/mqueue';
const CA_FILE = '/etc/mail/tls/census-ca.pem';

/** The namespace's rsyslogd, started with each configuration. */
const syslog: { daemon: { stop(): Promise<void> } | null } = { daemon: null };

export const sendmailDriver: MtaDriver = {
  name: 'sendmail',
  dialect: 'sendmail',
  packages: ['sendmail-bin', 'sendmail-cf', 'm4', 'rsyslog'],
  tlsPackage: 'libssl3',
  users: [{ user: 'smmsp', group: 'smmsp', home: '/var/lib/sendmail' }],
  needsDevLog: true,
  configs: CONFIGS,
  expectations: sendmailExpectations,

  prepare(context) {
    mkdirSync(QUEUE, { recursive: true, mode: 0o700 });
    mkdirSync('/var/spool/rsyslog', { recursive: true });
    writeFileSync('/etc/mail/service.switch', 'hosts files\naliases files\n');
    writeFileSync('/etc/mail/aliases', 'postmaster: root\n');
    // sendmail refuses certificate files below a world-writable directory (/tmp): copy the CA.
    mkdirSync(path.dirname(CA_FILE), { recursive: true, mode: 0o755 });
    context.exec('cp', [context.caFile, CA_FILE]);
    writeSendmailCf(context, 'loglevel-9');
  },

  versions(context) {
    const text = context.exec('sh', ['-c', `${SENDMAIL} -d0.1 -bt < /dev/null 2>&1`]);
    return { sendmail: /Version (\S+)/.exec(text)?.[1] ?? 'unknown' };
  },

  async start(config, context) {
    const logFile = path.join(context.scratch, `sendmail-${config.name}.log`);
    writeSendmailCf(context, config.name);
    const routes = context.scenarios.map((s) => `${s.domain} esmtp:[${s.mxHost}]\n`).join('');
    context.exec('makemap', ['hash', '/etc/mail/mailertable'], routes);

    writeFileSync(
      '/etc/rsyslog.conf',
      [
        'global(workDirectory="/var/spool/rsyslog")',
        // sendmail at LogLevel 14 writes fast: no rate limit may drop a line.
        'module(load="imuxsock" SysSock.RateLimit.Interval="0")',
        `mail.* action(type="omfile" file="${logFile}" template="RSYSLOG_TraditionalFileFormat")`,
        '',
      ].join('\n'),
    );
    rmSync('/dev/log', { force: true });
    syslog.daemon = context.spawn('rsyslogd', [
      '-n',
      '-f',
      '/etc/rsyslog.conf',
      '-i',
      '/run/rsyslogd.pid',
    ]);
    for (let i = 0; i < 100 && !existsSync('/dev/log'); i++) await sleep(50);
    if (!existsSync('/dev/log')) throw new Error('rsyslogd did not create /dev/log');
    return logFile;
  },

  submit(recipient, context) {
    context.exec(
      SENDMAIL,
      [...TAG, '-odq', '-f', '<>', '--', recipient],
      messageText(recipient, 'sendmail'),
    );
  },

  async flush(context) {
    await context.run(SENDMAIL, [...TAG, '-q']);
  },

  async stop(context) {
    await syslog.daemon?.stop();
    syslog.daemon = null;
    context.exec('sh', ['-c', `rm -rf ${QUEUE}/* /var/lib/sendmail/host_status`]);
  },

  statuses(logText) {
    const statuses = new Map<string, DeliveryStatus[]>();
    for (const line of logText.split('\n')) {
      const m = DELIVERY.exec(line);
      if (!m?.[1] || !m[2]) continue;
      const domain = m[1].toLowerCase();
      const status: DeliveryStatus =
        m[2] === 'Sent' ? 'sent' : m[2] === 'Deferred' ? 'deferred' : 'bounced';
      statuses.set(domain, [...(statuses.get(domain) ?? []), status]);
    }
    return statuses;
  },
};

// `sm-mta[PID]: QID: to=<census@valid.census.test>, delay=…, stat=Sent (…)`
const DELIVERY = /: \w+: to=<?[^@\s]+@([^>,\s]+)>?, .* stat=(\w+)/;

function writeSendmailCf(context: InsideContext, config: string): void {
  const logLevel = config === 'loglevel-14' ? '14' : '9';
  const lines = [
    "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl",
    "VERSIONID(`starttls-census conformance')dnl",
    "OSTYPE(`linux')dnl",
    `define(\`confLOG_LEVEL', \`${logLevel}')dnl`,
    `define(\`confDOMAIN_NAME', \`${SENDER_DOMAIN}')dnl`,
    "define(`confDONT_PROBE_INTERFACES', `True')dnl",
    "define(`confSERVICE_SWITCH_FILE', `/etc/mail/service.switch')dnl",
    "define(`ALIAS_FILE', `/etc/mail/aliases')dnl",
    `define(\`QUEUE_DIR', \`${QUEUE}')dnl`,
    `define(\`confCACERT_PATH', \`${path.dirname(CA_FILE)}')dnl`,
    `define(\`confCACERT', \`${CA_FILE}')dnl`,
    // A bounce of a null-sender message would go to the postmaster: drop it instead.
    "define(`confDOUBLE_BOUNCE_ADDRESS', `')dnl",
    ...(config === 'fallback-to-clear' ? ["define(`confTLS_FALLBACK_TO_CLEAR', `true')dnl"] : []),
    "FEATURE(`nocanonify')dnl",
    "FEATURE(`mailertable', `hash -o /etc/mail/mailertable')dnl",
    "MAILER(`local')dnl",
    "MAILER(`smtp')dnl",
    '',
  ];
  const mc = path.join(context.scratch, `sendmail-${config}.mc`);
  writeFileSync(mc, lines.join('\n'));
  writeFileSync('/etc/mail/sendmail.cf', context.exec('m4', [mc]));
}
