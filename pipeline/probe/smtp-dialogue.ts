import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Network } from './effects.js';
import type { ProbeOutcome, ProbeTarget } from './record.js';
import {
  ehloKeywords,
  ReplyReader,
  SmtpFailure,
  type Reply,
  type ReplyLimits,
} from './smtp-reply.js';
import { tlsFacts, type TlsFacts } from './tls-facts.js';

export interface DialogueOptions {
  /** The name sent with EHLO. */
  ehloName: string;
  connectTimeoutMillis: number;
  /** The longest wait for one reply, and for the TLS handshake. */
  readTimeoutMillis: number;
  limits: ReplyLimits;
}

/** What one connection showed, as far as it got. */
export interface DialogueResult {
  outcome: ProbeOutcome;
  /** Worth another attempt: a refused or timed-out connection, or a 4xx reply. */
  temporary: boolean;
  error: string | null;
  banner: string | null;
  ehloKeywords: string[] | null;
  starttlsAdvertised: boolean | null;
  tls: TlsFacts | null;
}

// What a probing client offers: every protocol and suite an MTA at opportunistic level might
// accept (TLS 1.0 and 1.1 need security level 0 in OpenSSL 3), but no anonymous suites, so a
// server that has a certificate shows it.
const CLIENT_TLS = { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;

// QUIT is a courtesy: its reply is awaited briefly and its failure changes nothing.
const QUIT_TIMEOUT_MILLIS = 1000;

type Stage = 'greeting' | 'EHLO' | 'STARTTLS' | 'handshake';

/**
 * One SMTP session that goes as far as a TLS handshake and then says QUIT: greeting, EHLO,
 * STARTTLS, handshake. It never sends MAIL, RCPT or DATA. Every wait is bounded by a timeout,
 * and nothing a server does makes it throw: the result says how far it got and why it stopped.
 */
export async function smtpDialogue(
  target: ProbeTarget,
  options: DialogueOptions,
  network: Network,
): Promise<DialogueResult> {
  const result: DialogueResult = {
    outcome: 'ok',
    temporary: false,
    error: null,
    banner: null,
    ehloKeywords: null,
    starttlsAdvertised: null,
    tls: null,
  };
  const end = (outcome: ProbeOutcome, error: string | null, temporary = false) => {
    return { ...result, outcome, error, temporary };
  };

  let socket: Socket;
  try {
    socket = await openConnection(network, target, options.connectTimeoutMillis);
  } catch (error) {
    const failure = error as ConnectFailure;
    return end(failure.outcome, failure.message, failure.temporary);
  }

  let secure: TLSSocket | null = null;
  let stage: Stage = 'greeting';
  const reader = new ReplyReader(socket, options.limits);
  const command = async (line: string, what: string): Promise<Reply> => {
    socket.write(line + '\r\n');
    return reader.read(what, options.readTimeoutMillis);
  };
  try {
    // 1. The greeting: 220, possibly on several lines.
    const greeting = await reader.read('greeting', options.readTimeoutMillis);
    result.banner = greeting.lines.join('\n');
    if (greeting.code !== 220) {
      await quit(socket, reader, options.readTimeoutMillis);
      const refused = greeting.code >= 400 && greeting.code < 600;
      return refused
        ? end(
            'unreachable',
            `greeting refused service: ${greeting.lines[0]}`,
            isTemporary(greeting),
          )
        : end('protocol-error', `unexpected greeting: ${greeting.lines[0]}`);
    }

    // 2. EHLO, and whether STARTTLS is among the extensions.
    stage = 'EHLO';
    const ehlo = await command(`EHLO ${options.ehloName}`, 'reply to EHLO');
    if (ehlo.code !== 250) {
      await quit(socket, reader, options.readTimeoutMillis);
      result.starttlsAdvertised = false;
      return end('no-starttls', `EHLO refused: ${ehlo.lines[0]}`, isTemporary(ehlo));
    }
    result.ehloKeywords = ehloKeywords(ehlo);
    result.starttlsAdvertised = result.ehloKeywords.includes('STARTTLS');
    if (!result.starttlsAdvertised) {
      await quit(socket, reader, options.readTimeoutMillis);
      return end('no-starttls', null);
    }

    // 3. STARTTLS, then hand the connection to TLS.
    stage = 'STARTTLS';
    const ready = await command('STARTTLS', 'reply to STARTTLS');
    if (ready.code !== 220) {
      await quit(socket, reader, options.readTimeoutMillis);
      return end('handshake-failed', `STARTTLS refused: ${ready.lines[0]}`, isTemporary(ready));
    }
    stage = 'handshake';
    const early = reader.detach();
    // From here TLS reads the socket; a late error on the plain side must not go unhandled.
    socket.on('error', () => {});
    if (early.length > 0) {
      // A TLS server never speaks first; bytes here are garbage or an injection attempt.
      return end(
        'handshake-failed',
        `the server sent ${early.length} bytes after its 220 reply, before the TLS handshake`,
      );
    }
    secure = await startTls(socket, target, options.readTimeoutMillis);
    result.tls = tlsFacts(secure);

    // 4. QUIT over TLS.
    await quit(secure, new ReplyReader(secure, options.limits), options.readTimeoutMillis);
    return end('ok', null);
  } catch (error) {
    if (!(error instanceof SmtpFailure)) throw error;
    const afterStarttls = stage === 'STARTTLS' || stage === 'handshake';
    return end(afterStarttls ? 'handshake-failed' : 'protocol-error', error.message);
  } finally {
    secure?.destroy();
    socket.destroy();
  }
}

class ConnectFailure extends Error {
  constructor(
    message: string,
    readonly temporary: boolean,
    readonly outcome: ProbeOutcome = 'unreachable',
  ) {
    super(message);
  }
}

// Temporary: worth a retry after a backoff.
const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

function openConnection(network: Network, target: ProbeTarget, timeoutMillis: number) {
  return new Promise<Socket>((resolve, reject) => {
    const socket = network.connect(target.ip, target.port);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConnectFailure(`no connection within ${timeoutMillis} ms`, true));
    }, timeoutMillis);
    const onError = (error: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error.code === 'ECONNRESET') {
        // The connection was made and reset before Node saw it made: the same as a reset
        // before the greeting, whichever of the two the timing shows.
        const message = 'the server reset the connection (awaiting the greeting)';
        reject(new ConnectFailure(message, false, 'protocol-error'));
        return;
      }
      const known = CONNECT_ERRORS[error.code ?? ''];
      reject(new ConnectFailure(known ?? error.message, known !== undefined));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

function startTls(socket: Socket, target: ProbeTarget, timeoutMillis: number) {
  return new Promise<TLSSocket>((resolve, reject) => {
    const secure = tlsConnect({
      socket,
      // SNI carries a host name only; an address is not a valid server name.
      ...(target.mxHost !== null && isIP(target.mxHost) === 0 ? { servername: target.mxHost } : {}),
      rejectUnauthorized: false,
      // No CA list: the checks are ours, and Node then cannot add roots to the presented chain.
      ca: [],
      ...CLIENT_TLS,
    });
    const timer = setTimeout(
      () => fail(`no TLS handshake within ${timeoutMillis} ms`),
      timeoutMillis,
    );
    const onError = (error: NodeJS.ErrnoException & { reason?: string }): void => {
      const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      fail(
        reset
          ? 'the server closed the connection during the TLS handshake'
          : `TLS handshake failed: ${error.reason ?? error.code ?? error.message}`,
      );
    };
    const onClose = (): void => fail('the server closed the connection during the TLS handshake');
    const onSecure = (): void => {
      clearTimeout(timer);
      secure.off('close', onClose);
      secure.off('error', onError);
      // Errors after the handshake (a reset during QUIT) no longer matter.
      secure.on('error', () => {});
      resolve(secure);
    };
    function fail(message: string): void {
      clearTimeout(timer);
      secure.off('secureConnect', onSecure);
      secure.destroy();
      reject(new SmtpFailure('garbage', message));
    }
    secure.once('error', onError);
    secure.once('close', onClose);
    secure.once('secureConnect', onSecure);
  });
}

/** Says QUIT and waits briefly for the reply; whatever happens, the session is over. */
async function quit(socket: Socket, reader: ReplyReader, timeoutMillis: number): Promise<void> {
  try {
    socket.write('QUIT\r\n');
    await reader.read('reply to QUIT', Math.min(timeoutMillis, QUIT_TIMEOUT_MILLIS));
  } catch {
    // The server may hang up without a 221; that is its right after QUIT.
  }
}

function isTemporary(reply: Reply): boolean {
  return reply.code >= 400 && reply.code < 500;
}
