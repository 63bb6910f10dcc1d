import assert from 'node:assert/strict';
import { chmod, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { discoverInputs } from '../../pipeline/read/discover.js';
import { tempDir } from './temp-dir.js';

const LINE = 'Dec  1 06:25:01 mx postfix/smtp[4242]: 4F2A1: to=<a@example.org>, status=sent\n';
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x00]);

async function files(dir: string, contents: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(contents)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}

describe('discoverInputs', () => {
  it('orders a rotated set oldest first: mail.log.2.gz, mail.log.1, mail.log', async () => {
    const dir = await tempDir();
    await files(dir, { 'mail.log': LINE, 'mail.log.1': LINE, 'mail.log.2.gz': gzipSync(LINE) });

    const { files: found, problems } = await discoverInputs([dir]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      found.map((f) => [f.path, f.setKey, f.rotation, f.compression, f.nameDate]),
      [
        [join(dir, 'mail.log.2.gz'), join(dir, 'mail.log'), 2, 'gzip', null],
        [join(dir, 'mail.log.1'), join(dir, 'mail.log'), 1, 'none', null],
        [join(dir, 'mail.log'), join(dir, 'mail.log'), 0, 'none', null],
      ],
    );
  });

  it('puts mail.log.3.zst first and tells zstd by its magic bytes', async () => {
    const dir = await tempDir();
    await files(dir, { 'mail.log': LINE, 'mail.log.3.zst': ZSTD_MAGIC, 'mail.log.1': LINE });

    const { files: found } = await discoverInputs([dir]);
    assert.deepEqual(
      found.map((f) => [f.rotation, f.compression]),
      [
        [3, 'zstd'],
        [1, 'none'],
        [0, 'none'],
      ],
    );
  });

  it('orders a dated set by date with the live file last', async () => {
    const dir = await tempDir();
    await files(dir, {
      maillog: LINE,
      'maillog-20261202': LINE,
      'maillog-20261201.gz': gzipSync(LINE),
      'maillog-20261130': LINE,
    });

    const { files: found } = await discoverInputs([dir]);
    assert.deepEqual(
      found.map((f) => [f.path, f.setKey, f.nameDate]),
      [
        [join(dir, 'maillog-20261130'), join(dir, 'maillog'), { year: 2026, month: 11, day: 30 }],
        [join(dir, 'maillog-20261201.gz'), join(dir, 'maillog'), { year: 2026, month: 12, day: 1 }],
        [join(dir, 'maillog-20261202'), join(dir, 'maillog'), { year: 2026, month: 12, day: 2 }],
        [join(dir, 'maillog'), join(dir, 'maillog'), null],
      ],
    );
  });

  it('orders sets by set key and keeps the dated rotations of mail.log with mail.log', async () => {
    const dir = await tempDir();
    await files(dir, { 'mail.log': LINE, 'mail.log-20261130': LINE, 'exim.log.1': LINE });

    const { files: found } = await discoverInputs([dir]);
    assert.deepEqual(
      found.map((f) => [f.path, f.setKey]),
      [
        [join(dir, 'exim.log.1'), join(dir, 'exim.log')],
        [join(dir, 'mail.log-20261130'), join(dir, 'mail.log')],
        [join(dir, 'mail.log'), join(dir, 'mail.log')],
      ],
    );
  });

  it('reads compression from the content, not the name', async () => {
    const dir = await tempDir();
    await files(dir, { 'plain.log.gz': LINE, 'packed.log.1': gzipSync(LINE), 'empty.log': '' });

    const { files: found } = await discoverInputs([dir]);
    assert.deepEqual(
      found.map((f) => [f.path, f.compression]),
      [
        [join(dir, 'empty.log'), 'none'],
        [join(dir, 'packed.log.1'), 'gzip'],
        [join(dir, 'plain.log.gz'), 'none'],
      ],
    );
  });

  it('records size and modification time', async () => {
    const dir = await tempDir();
    await files(dir, { 'mail.log': 'hello\n' });
    await utimes(join(dir, 'mail.log'), 1_752_580_800, 1_752_580_800);

    const { files: found } = await discoverInputs([join(dir, 'mail.log')]);
    assert.equal(found[0]?.sizeBytes, 6);
    assert.equal(found[0]?.mtimeMillis, 1_752_580_800_000);
  });

  it('lists a file named twice, or through a pattern, a directory and a link, once', async () => {
    const dir = await tempDir();
    await files(dir, { 'logs/mail.log': LINE });
    await symlink(join(dir, 'logs/mail.log'), join(dir, 'link.log'));
    const path = join(dir, 'logs/mail.log');

    const { files: found, problems } = await discoverInputs([
      path,
      path,
      `${dir}/logs/./mail.log`,
      join(dir, 'logs'),
      `${dir}/*/mail.*`,
      join(dir, 'link.log'),
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      found.map((f) => f.path),
      [path],
    );
  });

  it('walks directories, skipping dot files and dot directories', async () => {
    const dir = await tempDir();
    await files(dir, {
      'a/mail.log': LINE,
      'a/b/exim.log': LINE,
      'a/.hidden.log': LINE,
      'a/.snapshot/mail.log': LINE,
    });

    const { files: found } = await discoverInputs([join(dir, 'a')]);
    assert.deepEqual(
      found.map((f) => f.path),
      [join(dir, 'a/b/exim.log'), join(dir, 'a/mail.log')],
    );
  });

  it('expands *, ? and ** patterns', async () => {
    const dir = await tempDir();
    await files(dir, {
      'h1/mail.log': LINE,
      'h1/mail.log.1': LINE,
      'h1/mail.log.12': LINE,
      'h2/deep/mail.log': LINE,
      'h2/.old/mail.log': LINE,
      'h2/notes.txt': LINE,
    });

    const question = await discoverInputs([`${dir}/h1/mail.log.?`]);
    assert.deepEqual(
      question.files.map((f) => f.path),
      [join(dir, 'h1/mail.log.1')],
    );

    const star = await discoverInputs([`${dir}/*/mail.log*`]);
    assert.deepEqual(
      star.files.map((f) => f.path),
      [join(dir, 'h1/mail.log.12'), join(dir, 'h1/mail.log.1'), join(dir, 'h1/mail.log')],
    );

    const anyDepth = await discoverInputs([`${dir}/**/mail.log`]);
    assert.deepEqual(
      anyDepth.files.map((f) => f.path),
      [join(dir, 'h1/mail.log'), join(dir, 'h2/deep/mail.log')],
    );
  });

  it('reports a missing path, a pattern matching nothing and an empty directory', async () => {
    const dir = await tempDir();
    await files(dir, { 'mail.log': LINE, 'empty/.keep': '' });
    const nope = join(dir, 'nope.log');
    const pattern = `${dir}/*.gz`;

    const { files: found, problems } = await discoverInputs([
      nope,
      join(dir, 'mail.log'),
      pattern,
      join(dir, 'empty'),
    ]);
    assert.equal(found.length, 1);
    assert.deepEqual(problems, [
      {
        path: nope,
        code: 'missing',
        message: `${nope}: no such file or directory (check the path; nothing was read from it)`,
      },
      {
        path: pattern,
        code: 'empty-match',
        message: `${pattern}: no file matches (check the pattern and the directory it names)`,
      },
      {
        path: join(dir, 'empty'),
        code: 'empty-match',
        message:
          `${join(dir, 'empty')}: directory holds no files ` +
          `(dot files are skipped; check the path)`,
      },
    ]);
  });

  it('reports xz and bzip2 files as unreadable rather than parsing them as text', async () => {
    const dir = await tempDir();
    const xz = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]);
    const bzip2 = Buffer.from('BZh91AY&SY\x00\x01', 'latin1');
    await files(dir, { 'mail.log.2.xz': xz, 'mail.log.3.bz2': bzip2, 'BZh.log': 'BZh9 text\n' });

    const { files: found, problems } = await discoverInputs([dir]);
    assert.deepEqual(
      found.map((f) => [f.path, f.compression]),
      [[join(dir, 'BZh.log'), 'none']],
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.message]),
      [
        [
          'unreadable',
          `${join(dir, 'mail.log.2.xz')}: xz-compressed, which the census does not read ` +
            `(decompress it, or recompress it with gzip or zstd)`,
        ],
        [
          'unreadable',
          `${join(dir, 'mail.log.3.bz2')}: bzip2-compressed, which the census does not read ` +
            `(decompress it, or recompress it with gzip or zstd)`,
        ],
      ],
    );
  });

  it(
    'reports a file it may not read',
    { skip: process.getuid?.() === 0 ? 'root reads every file' : false },
    async () => {
      const dir = await tempDir();
      await files(dir, { 'secret.log': LINE });
      const path = join(dir, 'secret.log');
      await chmod(path, 0o000);

      const { files: found, problems } = await discoverInputs([path]);
      assert.deepEqual(found, []);
      assert.deepEqual(problems, [
        {
          path,
          code: 'unreadable',
          message:
            `${path}: permission denied (give the user running the census read access; ` +
            `nothing was read from it)`,
        },
      ]);
    },
  );
});
