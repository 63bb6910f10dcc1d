import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import type { Scenario } from './scenarios.js';

/**
 * A receiving SMTP server for one scenario on one loopback address, port 25. It speaks enough
 * ESMTP for an MTA's client (EHLO, STARTTLS, MAIL, RCPT, DATA, RSET, NOOP, QUIT), upgrades to
 * TLS after `220 2.0.0 Ready to start TLS`, and records what each recipient met: the address,
 * the protocol and suite of the connection, and the reply. These records are the suite's
 * independent account of each delivery, to hold the warehouse rows against.
 */
export interface Attempt {
  scenario: string;
  address: string;
  /** The connection's TLS, or null for a delivery in clear. */
  tls: { protocol: string; cipher: string; standardName: string } | null;
  /** The reply to RCPT TO; null for the record of a completed TLS handshake itself. */
  rcptReply: string | null;
  /** The queue id in the reply to DATA, once the message was accepted. */
  acceptedAs: string | null;
}

export interface Receiver {
  close(): Promise<void>;
}

const TLS_NOT_AVAILABLE = '454 4.7.0 TLS not available due to local problem';

export async function startReceiver(
  scenario: Scenario,
  address: string,
  files: { keyFile: string; certFile: string },
  record: (attempt: Attempt) => void,
  newQueueId: () => string,
): Promise<Receiver> {
  const context = createSecureContext({
    key: readFileSync(files.keyFile),
    cert: readFileSync(files.certFile),
    minVersion: scenario.tls.minVersion,
    maxVersion: scenario.tls.maxVersion,
    ...(scenario.tls.ciphers ? { ciphers: scenario.tls.ciphers } : {}),
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // clients reset connections; nothing to report
    new Session(scenario, address, context, record, newQueueId).start(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(25, address, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One SMTP connection, in clear until STARTTLS succeeds. */
class Session {
  private socket: Socket | null = null;
  private secure: Attempt['tls'] = null;
  private buffer = '';
  private inData = false;
  private attempts: Attempt[] = [];

  constructor(
    private readonly scenario: Scenario,
    private readonly address: string,
    private readonly context: SecureContext,
    private readonly record: (attempt: Attempt) => void,
    private readonly newQueueId: () => string,
  ) {}

  start(socket: Socket): void {
    this.listen(socket);
    this.reply(`220 ${this.scenario.mxHost} ESMTP census-receiver`);
  }

  private listen(socket: Socket): void {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.receive(chunk));
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      if (this.inData) {
        const end = this.buffer.indexOf('\r\n.\r\n');
        const atStart = this.buffer.startsWith('.\r\n');
        if (end < 0 && !atStart) return;
        this.buffer = this.buffer.slice(atStart ? 3 : end + 5);
        this.inData = false;
        this.acceptMessage();
        continue;
      }
      const newline = this.buffer.indexOf('\r\n');
      if (newline < 0) return;
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 2);
      if (!this.command(line)) return; // the connection changed hands (TLS) or closed
    }
  }

  /** Answers one command; false when no more lines should be read from this socket. */
  private command(line: string): boolean {
    const verb = line.slice(0, 4).toUpperCase();
    switch (verb) {
      case 'EHLO':
        this.reply(this.ehloLines());
        return true;
      case 'HELO':
        this.reply(`250 ${this.scenario.mxHost}`);
        return true;
      case 'STAR':
        return this.starttls();
      case 'MAIL':
        this.attempts = [];
        this.reply('250 2.1.0 Ok');
        return true;
      case 'RCPT':
        return this.rcpt();
      case 'DATA':
        if (!this.attempts.some((a) => a.rcptReply === '250')) {
          this.reply('554 5.5.1 Error: no valid recipients');
          return true;
        }
        this.inData = true;
        this.reply('354 End data with <CR><LF>.<CR><LF>');
        return true;
      case 'RSET':
        this.attempts = [];
        this.reply('250 2.0.0 Ok');
        return true;
      case 'NOOP':
        this.reply('250 2.0.0 Ok');
        return true;
      case 'QUIT':
        this.reply('221 2.0.0 Bye');
        this.socket?.end();
        return false;
      default:
        this.reply('502 5.5.2 Error: command not recognized');
        return true;
    }
  }

  private ehloLines(): string {
    const offered = this.secure === null && this.scenario.starttls !== 'not-offered';
    const lines = [this.scenario.mxHost, 'PIPELINING', 'SIZE 10240000', 'ENHANCEDSTATUSCODES'];
    if (offered) lines.push('STARTTLS');
    lines.push('8BITMIME');
    return lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}`).join('\r\n');
  }

  private starttls(): boolean {
    const socket = this.socket;
    if (socket === null) return false;
    switch (this.scenario.starttls) {
      case 'not-offered':
        this.reply('502 5.5.1 STARTTLS not offered');
        return true;
      case 'refuse-454':
        this.reply(TLS_NOT_AVAILABLE);
        return true;
      case 'garbage':
        // A client expecting a ServerHello reads this as a TLS record and gives up.
        socket.end('220 2.0.0 Ready to start TLS\r\nthis is not TLS at all\r\n');
        return false;
      case 'accept':
        break;
    }
    socket.removeAllListeners('data');
    socket.write('220 2.0.0 Ready to start TLS\r\n');
    this.buffer = '';
    const tls = new TLSSocket(socket, { isServer: true, secureContext: this.context });
    tls.on('error', () => socket.destroy());
    tls.on('secure', () => {
      const cipher = tls.getCipher();
      this.secure = {
        protocol: tls.getProtocol() ?? '',
        cipher: cipher.name,
        standardName: cipher.standardName,
      };
      // A client may hang up before RCPT (a policy that refuses the certificate): the session
      // still counts.
      this.record({ ...this.blankAttempt(), rcptReply: null });
      this.listen(tls);
    });
    return false;
  }

  private rcpt(): boolean {
    const replies = {
      '250': '250 2.1.5 Ok',
      '451': '451 4.7.1 Service unavailable, try again later',
      '550': '550 5.1.1 No such user here',
    };
    const code = this.scenario.rcptReply;
    const attempt: Attempt = { ...this.blankAttempt(), rcptReply: code };
    this.attempts.push(attempt);
    if (code !== '250') this.record(attempt);
    this.reply(replies[code]);
    return true;
  }

  private acceptMessage(): void {
    const id = this.newQueueId();
    for (const attempt of this.attempts) {
      if (attempt.rcptReply !== '250') continue;
      attempt.acceptedAs = id;
      this.record(attempt);
    }
    this.attempts = [];
    this.reply(`250 2.0.0 Ok: queued as ${id}`);
  }

  private blankAttempt(): Attempt {
    const { name } = this.scenario;
    return {
      scenario: name,
      address: this.address,
      tls: this.secure,
      rcptReply: null,
      acceptedAs: null,
    };
  }

  private reply(text: string): void {
    this.socket?.write(text + '\r\n');
  }
}
