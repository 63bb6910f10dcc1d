import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Whether this machine can run the suite: root, the Debian tools that fetch and unpack
 * packages, openssl for the certificates, and a kernel that lets us make network, mount and
 * PID namespaces and overlay mounts in them. Returns null when it can, else why not, for the
 * skip message.
 */
export function whyNotRunnable(): string | null {
  if (process.platform !== 'linux') return `needs Linux namespaces; this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'needs root (namespaces, overlay mounts, port 25)';
  if (!realRoot()) return 'needs real root: this is root in a user namespace, which MTAs refuse';
  for (const command of ['apt-get', 'dpkg', 'unshare', 'ip', 'mount', 'openssl', 'useradd']) {
    if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) {
      return `needs the ${command} command (a Debian machine with iproute2 and util-linux)`;
    }
  }

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'census-mta-probe-'));
  try {
    for (const dir of ['lower', 'upper', 'work', 'merged']) mkdirSync(path.join(scratch, dir));
    const options = ['lower', 'upper', 'work'].map((d) => `${d}dir=${path.join(scratch, d)}`);
    const script = [
      'set -e',
      'ip link set lo up',
      `mount -t overlay overlay -o ${options.join(',')} ${path.join(scratch, 'merged')}`,
    ].join('\n');
    const trial = spawnSync('unshare', [...UNSHARE_FLAGS, 'sh', '-c', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (trial.status !== 0) {
      const why = (trial.stderr || trial.error?.message || `exit ${trial.status}`).trim();
      return `cannot make namespaces with an overlay mount here: ${why}`;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return null;
}

/** True outside user namespaces: uid 0 maps to uid 0 of the machine, over the whole range. */
function realRoot(): boolean {
  try {
    const map = readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/);
    return map[0] === '0' && map[1] === '0' && map[2] === '4294967295';
  } catch {
    return false;
  }
}

/** A namespace of its own for network, mounts, host name, IPC and PIDs. */
export const UNSHARE_FLAGS = [
  '--net',
  '--mount',
  '--uts',
  '--ipc',
  '--pid',
  '--fork',
  '--kill-child',
  '--mount-proc',
  '--propagation',
  'private',
];
