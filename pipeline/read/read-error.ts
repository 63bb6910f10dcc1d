/** Why reading a file's content stopped before its end. */
export type ReadFailure =
  | { kind: 'open'; detail: string } // nothing could be read
  | { kind: 'io'; detail: string } // the disk or the file system failed part way
  | { kind: 'truncated' } // the compressed data ends early
  | { kind: 'corrupt'; detail: string } // the compressed data is damaged
  | { kind: 'tool-missing'; tool: 'zstd' };

/**
 * A failure of a content source, thrown to the reader that knows the offset and the line count
 * and turns it into a ReadError.
 */
export class ContentError extends Error {
  constructor(readonly failure: ReadFailure) {
    super(failure.kind);
    this.name = 'ContentError';
  }
}

/**
 * Reading a file stopped early. Every complete line before the damage was delivered first:
 * `linesBefore` counts them and `offset` is how many bytes of decompressed content were read.
 */
export class ReadError extends Error {
  constructor(
    readonly path: string,
    readonly failure: ReadFailure,
    readonly offset: number,
    readonly linesBefore: number,
  ) {
    super(describe(path, failure, offset, linesBefore));
    this.name = 'ReadError';
  }
}

function describe(path: string, failure: ReadFailure, offset: number, lines: number): string {
  const kept = `kept the ${lines === 1 ? 'line' : `${lines} lines`} before`;
  const after = `after ${offset} bytes of content`;
  switch (failure.kind) {
    case 'open':
      return (
        `${path}: cannot open (${failure.detail}); nothing was read from it ` +
        `(check the path and its permissions)`
      );
    case 'io':
      return (
        `${path}: read failed ${after} (${failure.detail}; ${kept}; ` +
        `check the disk and the file, then run again)`
      );
    case 'truncated':
      return (
        `${path}: compressed data is truncated ${after} (${kept}; ` +
        `re-copy the file or ignore the warning if it is still being written)`
      );
    case 'corrupt':
      return (
        `${path}: compressed data is corrupt ${after} (${failure.detail}; ${kept}; ` +
        `re-copy the file from its source)`
      );
    case 'tool-missing':
      return (
        `${path}: ${failure.tool} not installed: apt-get install ${failure.tool} ` +
        `(needed for ${failure.tool}-compressed files; nothing was read from it)`
      );
  }
}
