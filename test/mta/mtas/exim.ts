import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeliveryStatus } from '../../../pipeline/model/delivery.js';
import { eximExpectations } from '../expectations/exim.js';
import { messageText, type InsideContext, type MtaConfig, type MtaDriver } from '../harness/mta.js';
import { SENDER_DOMAIN } from '../harness/namespace-setup.js';

/**
 * Debian's Exim (exim4-daemon-heavy, built with GnuTLS) as the outbound MTA: a manualroute
 * router sends every recipient domain to its MX host by name (`byname`: /etc/hosts, no DNS),
 * and the smtp transport trusts the test CA (`tls_verify_certificates`); every other TLS
 * setting keeps Exim's default: try TLS everywhere, try to verify every host and its name,
 * and fall back to clear text after a failed handshake. No daemon runs: messages are queued
 * and delivered by `exim -qff` queue runs.
 */
const CONFIGS: MtaConfig[] = [
  { name: 'default-selectors', settings: 'log_selector left at its default' },
  { name: 'tls-peerdn', settings: 'log_selector = +tls_peerdn' },
];

const SPOOL = '/var/spool/exim4';

export const eximDriver: MtaDriver = {
  name: 'exim',
  dialect: 'exim',
  packages: ['exim4-daemon-heavy'],
  tlsPackage: 'libgnutls30',
  users: [{ user: 'Debian-exim', group: 'Debian-exim', home: SPOOL }],
  needsDevLog: false,
  configs: CONFIGS,
  expectations: eximExpectations,

  prepare(context) {
    for (const dir of [SPOOL, '/var/log/exim4']) {
      mkdirSync(dir, { recursive: true });
      context.exec('chown', ['-R', 'Debian-exim:Debian-exim', dir]);
    }
    // `exim -bV` reads a configuration too.
    writeFileSync(
      '/etc/exim4/exim4.conf',
      eximConf(CONFIGS[0] ?? CONFIGS[1]!, context, '/var/log/exim4'),
    );
  },

  versions(context) {
    // The library versions come with debug output, on stderr.
    const text = context.exec('sh', ['-c', 'exim4 -d -bV 2>&1']);
    const exim = /^Exim version (\S+)/m.exec(text)?.[1] ?? 'unknown';
    const gnutls = /GnuTLS: Compile: (\S+)\s+Runtime: (\S+)/.exec(text);
    return {
      exim,
      'exim TLS library': gnutls
        ? `GnuTLS ${gnutls[2] ?? ''} (built with ${gnutls[1] ?? ''})`
        : 'unknown',
    };
  },

  async start(config, context) {
    // `%slog` in log_file_path names the main log `mainlog` in this folder.
    const folder = path.join(context.scratch, `exim-${config.name}`);
    mkdirSync(folder, { recursive: true });
    context.exec('chown', ['Debian-exim:Debian-exim', folder]);
    writeFileSync('/etc/exim4/exim4.conf', eximConf(config, context, folder));
    return path.join(folder, 'mainlog');
  },

  submit(recipient, context) {
    context.exec('exim4', ['-odq', '-f', '<>', '--', recipient], messageText(recipient, 'exim'));
  },

  async flush(context) {
    await context.run('exim4', ['-qff']);
  },

  async stop(context) {
    // Queued messages and retry hints must not reach the next configuration.
    for (const dir of ['input', 'msglog', 'db']) {
      context.exec('rm', ['-rf', path.join(SPOOL, dir)]);
    }
  },

  statuses(logText) {
    const statuses = new Map<string, DeliveryStatus[]>();
    for (const line of logText.split('\n')) {
      const m = DELIVERY.exec(line);
      if (!m?.[1] || !m[2]) continue;
      const domain = m[2].toLowerCase();
      statuses.set(domain, [...(statuses.get(domain) ?? []), STATUS[m[1]] ?? 'deferred']);
    }
    return statuses;
  },
};

// `2026-12-03 18:00:00 1abcDE-000123-AB => census@valid.census.test R=census T=remote_smtp …`
const DELIVERY = /^\S+ \S+ \S+ (=>|\*\*|==) [^@\s]+@([^\s>]+)/;
const STATUS: Record<string, DeliveryStatus> = { '=>': 'sent', '**': 'bounced', '==': 'deferred' };

function eximConf(config: MtaConfig, context: InsideContext, logFolder: string): string {
  const routes = context.scenarios.map((s) => `${s.domain} ${s.mxHost} byname`).join(' ; \\\n    ');
  return `primary_hostname = ${SENDER_DOMAIN}
exim_user = Debian-exim
exim_group = Debian-exim
spool_directory = ${SPOOL}
log_file_path = ${logFolder}/%slog
${config.name === 'tls-peerdn' ? 'log_selector = +tls_peerdn' : ''}
timezone = UTC
trusted_users = root
host_lookup =
rfc1413_hosts =
keep_environment =
tls_advertise_hosts =

begin routers

census:
  driver = manualroute
  transport = remote_smtp
  route_list = ${routes}
  no_more

begin transports

remote_smtp:
  driver = smtp
  tls_verify_certificates = ${context.caFile}

begin retry

* * F,1h,1s
`;
}
