import type { Duplex } from 'node:stream';

/** One SMTP reply: its code and its lines as received (code included), without CRLF. */
export interface Reply {
  code: number;
  lines: string[];
}

/** The text after the code of each line: `250-PIPELINING` gives `PIPELINING`. */
export function replyTexts(reply: Reply): string[] {
  return reply.lines.map((line) => line.slice(4));
}

export type SmtpFailureKind = 'timeout' | 'closed' | 'reset' | 'garbage' | 'overlong';

/** The server broke the dialogue; `kind` says how, the message says where. */
export class SmtpFailure extends Error {
  constructor(
    readonly kind: SmtpFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SmtpFailure';
  }
}

export interface ReplyLimits {
  /** Longest reply line accepted, in bytes without CRLF (RFC 5321 allows 510). */
  maxLineBytes: number;
  /** Most lines in one multi-line reply; an EHLO reply has a dozen or two. */
  maxReplyLines: number;
}

const LF = 0x0a;
const REPLY_LINE = /^(\d{3})(?:([ -]).*)?$/s;

/**
 * Reads SMTP replies from a socket. Every read has a deadline, and a line may not run past
 * `maxLineBytes`, so a server that stalls, drips or sends an endless line costs at most the
 * timeout and a bounded amount of memory. Bytes are held only until a line is complete.
 */
export class ReplyReader {
  private buffered: Buffer = Buffer.alloc(0);
  private lines: string[] = [];
  private failure: SmtpFailure | null = null;
  private wake: (() => void) | null = null;
  private readonly onData = (chunk: Buffer): void => this.push(chunk);
  private readonly onEnd = (): void => this.fail('closed', 'the server closed the connection');
  private readonly onError = (error: NodeJS.ErrnoException): void =>
    this.fail(
      error.code === 'ECONNRESET' ? 'reset' : 'closed',
      error.code === 'ECONNRESET' ? 'the server reset the connection' : error.message,
    );

  constructor(
    private readonly stream: Duplex,
    private readonly limits: ReplyLimits,
  ) {
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
  }

  /** The next complete reply, or an SmtpFailure that names `what` was awaited. */
  async read(what: string, timeoutMillis: number): Promise<Reply> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new SmtpFailure('timeout', `no ${what} within ${timeoutMillis} ms`));
      }, timeoutMillis);
    });
    try {
      return await Promise.race([this.nextReply(what), deadline]);
    } catch (error) {
      if (!(error instanceof SmtpFailure) || error.kind === 'timeout') throw error;
      throw new SmtpFailure(error.kind, `${error.message} (awaiting the ${what})`);
    } finally {
      clearTimeout(timer);
      this.wake = null;
    }
  }

  /**
   * Stops reading and returns the bytes received past the last reply. The caller hands the
   * socket to TLS; a server that already sent more than its reply is breaking the protocol.
   */
  detach(): Buffer {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('close', this.onEnd);
    this.stream.off('error', this.onError);
    const rest = Buffer.concat([
      ...this.lines.map((l) => Buffer.from(l + '\r\n', 'utf8')),
      this.buffered,
    ]);
    this.lines = [];
    this.buffered = Buffer.alloc(0);
    return rest;
  }

  private async nextReply(what: string): Promise<Reply> {
    const lines: string[] = [];
    let code = 0;
    for (;;) {
      const line = await this.nextLine();
      const match = REPLY_LINE.exec(line);
      const lineCode = Number(match?.[1]);
      if (!match || (code !== 0 && lineCode !== code)) {
        throw new SmtpFailure('garbage', `not an SMTP reply: ${excerpt(line)}`);
      }
      code = lineCode;
      lines.push(line);
      if (match[2] !== '-') return { code, lines };
      if (lines.length >= this.limits.maxReplyLines) {
        throw new SmtpFailure('overlong', `more than ${this.limits.maxReplyLines} reply lines`);
      }
    }
  }

  private async nextLine(): Promise<string> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private push(chunk: Buffer): void {
    if (this.failure) return;
    let data = this.buffered.length > 0 ? Buffer.concat([this.buffered, chunk]) : chunk;
    for (let end = data.indexOf(LF); end >= 0; end = data.indexOf(LF)) {
      const raw = data.subarray(0, end);
      if (raw.length > this.limits.maxLineBytes + 1) break;
      this.lines.push(raw.toString('utf8').replace(/\r$/, ''));
      data = data.subarray(end + 1);
    }
    const pending = data.indexOf(LF) >= 0 ? data.indexOf(LF) : data.length;
    if (pending > this.limits.maxLineBytes + 1) {
      this.fail('overlong', `a line longer than ${this.limits.maxLineBytes} bytes`);
      return;
    }
    // Keep a copy, not a view, so a large chunk is not held alive by a short remainder.
    this.buffered = Buffer.from(data);
    this.wake?.();
  }

  private fail(kind: SmtpFailureKind, message: string): void {
    this.failure ??= new SmtpFailure(kind, message);
    this.buffered = Buffer.alloc(0);
    this.wake?.();
  }
}

/** A short, printable quote of what a server sent, for error messages. */
export function excerpt(text: string, maxChars = 60): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) + '…' : text;
  return JSON.stringify(cut);
}

/** A whole reply held as text (a scanner's record), or null when it is not one. */
export function parseReply(text: string): Reply | null {
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  let code = 0;
  for (const [i, line] of lines.entries()) {
    const match = REPLY_LINE.exec(line);
    const lineCode = Number(match?.[1]);
    if (!match || (code !== 0 && lineCode !== code)) return null;
    code = lineCode;
    if ((match[2] === '-') === (i === lines.length - 1)) return null;
  }
  return code === 0 ? null : { code, lines };
}

/** The extension keywords of an EHLO reply (every line but the greeting), upper-case. */
export function ehloKeywords(reply: Reply): string[] {
  return replyTexts(reply)
    .slice(1)
    .map((text) => text.split(' ')[0]?.toUpperCase() ?? '')
    .filter((keyword) => keyword !== '');
}
