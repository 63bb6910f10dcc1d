import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MtaDriver } from './mta.js';
import type { Scenario } from './scenarios.js';

/**
 * Turns a fresh namespace (own network, mounts, host name and PIDs) into the sender's machine:
 * loopback up, the MTA's packages laid over /etc, /usr and /var (writes land in the scratch
 * folder, never on the machine's own files), host names that lead each scenario's MX host to
 * its loopback addresses with no DNS at all, and the users the packages' scripts would add.
 */
export const SENDER_HOST = 'census-sender';
export const SENDER_DOMAIN = 'census-sender.test';

export function setUpNamespace(
  tree: string,
  scratch: string,
  driver: MtaDriver,
  scenarios: Scenario[],
  exec: (command: string, args: string[]) => string,
): void {
  exec('ip', ['link', 'set', 'lo', 'up']);

  const layers = path.join(scratch, 'overlay');
  rmSync(layers, { recursive: true, force: true });
  const dirs = driver.needsDevLog ? ['etc', 'usr', 'var', 'dev'] : ['etc', 'usr', 'var'];
  for (const dir of dirs) {
    const upper = path.join(layers, dir, 'upper');
    const work = path.join(layers, dir, 'work');
    mkdirSync(upper, { recursive: true });
    mkdirSync(work, { recursive: true });
    // /dev gets an empty layer of its own: a /dev/log made in it stays in the namespace.
    const lower = dir === 'dev' ? '/dev' : `${path.join(tree, dir)}:/${dir}`;
    const options = `lowerdir=${lower},upperdir=${upper},workdir=${work}`;
    exec('mount', ['-t', 'overlay', 'overlay', '-o', options, `/${dir}`]);
  }

  exec('hostname', [SENDER_HOST]);
  writeFileSync('/etc/hosts', hostsFile(scenarios));
  writeFileSync('/etc/host.conf', 'multi on\n');
  writeFileSync('/etc/nsswitch.conf', 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n');
  writeFileSync('/etc/resolv.conf', '');
  rmSync('/etc/localtime', { force: true });
  symlinkSync('/usr/share/zoneinfo/Etc/UTC', '/etc/localtime');
  writeFileSync('/etc/timezone', 'Etc/UTC\n');

  for (const { user, group, home } of driver.users) {
    if (!hasEntry('/etc/group', group)) exec('groupadd', ['--system', group]);
    if (user !== '' && !hasEntry('/etc/passwd', user)) {
      exec('useradd', ['--system', '--gid', group, '--home-dir', home, '--no-create-home', user]);
    }
  }
}

/** Every MX host with its addresses (a host with two gets two lines), and the sender. */
function hostsFile(scenarios: Scenario[]): string {
  const lines = [
    '127.0.0.1 localhost',
    `127.0.1.1 ${SENDER_DOMAIN} ${SENDER_HOST}`,
    ...scenarios.flatMap((s) => s.addresses.map((address) => `${address} ${s.mxHost}`)),
  ];
  return lines.join('\n') + '\n';
}

function hasEntry(file: string, name: string): boolean {
  return readFileSync(file, 'utf8')
    .split('\n')
    .some((line) => line.startsWith(`${name}:`));
}
