import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Debian packages of an MTA, fetched without installing them: `apt-get install -s` names what
 * an install would add to this machine, `apt-get download` fetches those .debs into a cache,
 * and `dpkg -x` unpacks them into a tree that the namespace lays over /etc, /usr and /var. The
 * machine's package database and files are never touched, so the three MTAs, which conflict as
 * installed packages, can run one after the other, and no maintainer script ever runs.
 */
export interface UnpackedPackages {
  /** Holds `etc/`, `usr/` and `var/` as the packages ship them. */
  tree: string;
  /** Name → version of every package unpacked (dependencies included). */
  versions: Record<string, string>;
}

export class PackageError extends Error {}

/** Unpacks `packages` and the dependencies this machine lacks into `tree`. */
export function unpackPackages(
  packages: string[],
  cacheDir: string,
  tree: string,
): UnpackedPackages {
  mkdirSync(cacheDir, { recursive: true });
  let fetched: { debs: string[]; versions: Record<string, string> };
  try {
    fetched = fetchDebs(packages, cacheDir);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    // Package lists older than the mirror name versions it no longer has: refresh, plan again.
    run('apt-get', ['update', '-qq']);
    fetched = fetchDebs(packages, cacheDir);
  }

  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  for (const deb of fetched.debs) run('dpkg', ['-x', deb, tree]);
  mergeUsr(tree);
  return { tree, versions: fetched.versions };
}

/** The .debs of `packages` and their missing dependencies, from the cache or downloaded. */
function fetchDebs(
  packages: string[],
  cacheDir: string,
): { debs: string[]; versions: Record<string, string> } {
  const needed = packagesToAdd(packages);
  const debs = needed.map(({ name, version }) => {
    const cached = cachedDeb(cacheDir, name, version);
    if (cached !== null) return cached;
    run(
      'apt-get',
      ['download', '-q', '-o', 'APT::Sandbox::User=root', `${name}=${version}`],
      cacheDir,
    );
    const fetched = cachedDeb(cacheDir, name, version);
    if (fetched === null) {
      throw new PackageError(`apt-get download ${name}=${version} left no .deb`);
    }
    return fetched;
  });
  return { debs, versions: Object.fromEntries(needed.map((p) => [p.name, p.version])) };
}

/**
 * What `apt-get install` would add: the `Inst` lines of a simulated install. A package already
 * installed on this machine is not listed, and the namespace sees it through the overlay.
 */
function packagesToAdd(packages: string[]): { name: string; version: string }[] {
  const output = run('apt-get', ['install', '-s', '--no-install-recommends', ...packages]);
  const added: { name: string; version: string }[] = [];
  for (const line of output.split('\n')) {
    const m = /^Inst (\S+) (?:\[[^\]]*\] )?\((\S+) /.exec(line);
    if (m?.[1] && m[2]) added.push({ name: m[1], version: m[2] });
  }
  return added;
}

/** The cached .deb of this exact version: apt writes `:` in versions as `%3a`. */
function cachedDeb(cacheDir: string, name: string, version: string): string | null {
  const prefix = `${name}_${version.replace(/:/g, '%3a')}_`;
  const file = readdirSync(cacheDir).find((f) => f.startsWith(prefix) && f.endsWith('.deb'));
  return file === undefined ? null : path.join(cacheDir, file);
}

/**
 * Debian 12 links /lib, /bin and /sbin to their /usr twins, but packages may still ship files
 * there: move them under usr/, or the overlay of /usr would miss them.
 */
function mergeUsr(tree: string): void {
  for (const dir of ['lib', 'bin', 'sbin']) {
    const from = path.join(tree, dir);
    if (!existsSync(from)) continue;
    cpSync(from, path.join(tree, 'usr', dir), { recursive: true, verbatimSymlinks: true });
    rmSync(from, { recursive: true, force: true });
  }
  for (const dir of ['etc', 'usr', 'var']) mkdirSync(path.join(tree, dir), { recursive: true });
}

function run(command: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new PackageError(`${command} ${args.join(' ')} failed: ${stderr.trim().slice(0, 500)}`);
  }
}
