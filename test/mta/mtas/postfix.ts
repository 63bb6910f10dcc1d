import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeliveryStatus } from '../../../pipeline/model/delivery.js';
import { postfixExpectations, VERIFY_POLICY_SCENARIOS } from '../expectations/postfix.js';
import { messageText, type InsideContext, type MtaConfig, type MtaDriver } from '../harness/mta.js';
import { SENDER_DOMAIN } from '../harness/namespace-setup.js';

/**
 * Debian's Postfix as the outbound MTA: opportunistic TLS (`may`) with the test CA as its
 * trust anchor, every recipient domain routed by `transport_maps` to `[mx host]:25`, whose
 * address comes from /etc/hosts (`smtp_host_lookup = native`, no DNS). Backoff times of a
 * second let the plaintext retry after a failed handshake happen within the run.
 */
const CONFIGS: MtaConfig[] = [
  { name: 'loglevel-1', settings: 'smtp_tls_loglevel = 1' },
  { name: 'loglevel-2', settings: 'smtp_tls_loglevel = 2' },
  { name: 'untrusted', settings: 'smtp_tls_loglevel = 1, untrusted' },
  {
    name: 'verify-policy',
    settings:
      'smtp_tls_loglevel = 1; smtp_tls_policy_maps: `verify` for the certificate scenarios ' +
      'and no-starttls',
  },
];

const LOGLEVEL: Record<string, string> = {
  'loglevel-1': '1',
  'loglevel-2': '2',
  untrusted: '1, untrusted',
  'verify-policy': '1',
};

export const postfixDriver: MtaDriver = {
  name: 'postfix',
  dialect: 'postfix',
  packages: ['postfix'],
  tlsPackage: 'libssl3',
  users: [
    { user: 'postfix', group: 'postfix', home: '/var/spool/postfix' },
    { user: '', group: 'postdrop', home: '' },
  ],
  needsDevLog: false,
  configs: CONFIGS,
  expectations: postfixExpectations,

  prepare(context) {
    context.exec('cp', ['/usr/share/postfix/master.cf.dist', '/etc/postfix/master.cf']);
    context.exec('cp', ['/usr/share/postfix/dynamicmaps.cf', '/etc/postfix/dynamicmaps.cf']);
    // Debian chroots the daemons into the queue, with copies of /etc files its init script
    // makes; without the chroot they read the namespace's /etc/hosts directly.
    context.exec('postconf', ['-F', '*/*/chroot = n']);
    // What the package's postinst does: setgid postdrop for submission, queue ownership.
    context.exec('chgrp', ['postdrop', '/usr/sbin/postqueue', '/usr/sbin/postdrop']);
    context.exec('chmod', ['2555', '/usr/sbin/postqueue', '/usr/sbin/postdrop']);
    context.exec('chown', ['postfix:postfix', '/var/lib/postfix']);
    writeMainCf(context, 'loglevel-1', '/dev/null');
    context.exec('postfix', ['check']);
  },

  versions(context) {
    return { postfix: context.exec('postconf', ['-h', 'mail_version']).trim() };
  },

  async start(config, context) {
    const logFile = path.join(context.scratch, `postfix-${config.name}.log`);
    writeMainCf(context, config.name, logFile);
    writeFileSync(
      '/etc/postfix/transport',
      context.scenarios.map((s) => `${s.domain} smtp:[${s.mxHost}]\n`).join(''),
    );
    writeFileSync(
      '/etc/postfix/tls_policy',
      context.scenarios
        .filter((s) => VERIFY_POLICY_SCENARIOS.includes(s.name))
        .map((s) => `[${s.mxHost}] verify\n`)
        .join(''),
    );
    context.exec('postfix', ['start']);
    return logFile;
  },

  submit(recipient, context) {
    context.exec('sendmail', ['-f', '', '--', recipient], messageText(recipient, 'postfix'));
  },

  async flush(context) {
    context.exec('postqueue', ['-f']);
  },

  async stop(context) {
    // postsuper logs through postlogd, which stops with the rest.
    context.exec('postsuper', ['-d', 'ALL']);
    context.exec('postfix', ['stop']);
  },

  statuses(logText) {
    return statusesByDomain(logText);
  },
};

function writeMainCf(context: InsideContext, config: string, logFile: string): void {
  const lines = [
    'compatibility_level = 3.6',
    `myhostname = ${SENDER_DOMAIN}`,
    'mydestination =',
    'inet_interfaces = loopback-only',
    'inet_protocols = ipv4',
    'alias_maps =',
    'alias_database =',
    `maillog_file = ${logFile}`,
    `maillog_file_prefixes = ${context.scratch}, /dev/null`,
    'smtp_host_lookup = native',
    'smtp_dns_support_level = disabled',
    'transport_maps = texthash:/etc/postfix/transport',
    // One delivery per connection: every message gets a session of its own.
    'smtp_connection_cache_on_demand = no',
    'smtp_tls_security_level = may',
    `smtp_tls_CAfile = ${context.caFile}`,
    `smtp_tls_loglevel = ${LOGLEVEL[config] ?? '1'}`,
    'queue_run_delay = 1s',
    'minimal_backoff_time = 1s',
    'maximal_backoff_time = 2s',
    'delay_warning_time = 0',
  ];
  if (config === 'verify-policy')
    lines.push('smtp_tls_policy_maps = texthash:/etc/postfix/tls_policy');
  writeFileSync('/etc/postfix/main.cf', lines.join('\n') + '\n');
}

// `QID: to=<rcpt>, relay=..., status=sent (...)`
const DELIVERY = /: [0-9A-Za-z]+: to=<[^>]*@([^>]*)>, .*? status=(sent|deferred|bounced)\b/;

function statusesByDomain(logText: string): Map<string, DeliveryStatus[]> {
  const statuses = new Map<string, DeliveryStatus[]>();
  for (const line of logText.split('\n')) {
    const m = DELIVERY.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const list = statuses.get(m[1].toLowerCase()) ?? [];
    list.push(m[2] as DeliveryStatus);
    statuses.set(m[1].toLowerCase(), list);
  }
  return statuses;
}
