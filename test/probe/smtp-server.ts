import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createSecureContext, TLSSocket, type SecureContextOptions } from 'node:tls';

/**
 * A fake receiving server for the probe tests, on a loopback address. It speaks just enough
 * SMTP (greeting, EHLO, STARTTLS, QUIT) and misbehaves on request; it records every connection
 * with timestamps and the commands it received, so tests can check pacing, concurrency and
 * that no mail command was ever sent.
 */
export type Misbehaviour =
  | 'none'
  | 'stall' // accepts, then says nothing
  | 'reset' // accepts, then resets the connection
  | 'garbage' // greets with something that is not SMTP
  | 'endless-line' // greets with a line that never ends
  | 'endless-reply' // greets with continuation lines that never end
  | 'tls-garbage' // answers the TLS ClientHello with plain text
  | 'tls-reset' // resets the connection on the TLS ClientHello
  | 'tls-stall' // never answers the TLS ClientHello
  | 'early-bytes' // sends garbage right behind its 220 to STARTTLS
  | 'refuse-starttls'; // answers STARTTLS with 454

export interface FakeServerOptions {
  host: string;
  banner?: string[];
  /** EHLO reply lines; the default advertises STARTTLS. */
  ehlo?: string[];
  tls?: SecureContextOptions;
  misbehave?: Misbehaviour;
  /** Greetings for the first connections, e.g. a 421 then the normal one. */
  greetings?: string[][];
  /** Wait before the greeting, to hold a session open. */
  greetingDelayMillis?: number;
}

export interface ConnectionLog {
  openedAt: number;
  quitAt: number | null;
  closedAt: number | null;
  commands: string[];
  secure: boolean;
  /** The SNI name the client sent, once TLS is up. */
  servername: string | null;
}

export interface FakeServer {
  host: string;
  port: number;
  connections: ConnectionLog[];
  close(): Promise<void>;
}

const DEFAULT_BANNER = ['220 mx.test ESMTP Postfix'];
const DEFAULT_EHLO = [
  '250-mx.test',
  '250-PIPELINING',
  '250-SIZE 10240000',
  '250-STARTTLS',
  '250 8BITMIME',
];

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const connections: ConnectionLog[] = [];
  const sockets = new Set<Socket>();
  const context = options.tls ? createSecureContext(options.tls) : null;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const log: ConnectionLog = {
      openedAt: performance.now(),
      quitAt: null,
      closedAt: null,
      commands: [],
      secure: false,
      servername: null,
    };
    const index = connections.push(log) - 1;
    socket.on('error', () => {});
    socket.on('close', () => {
      log.closedAt = performance.now();
      sockets.delete(socket);
    });
    const greeting = options.greetings?.[index] ?? options.banner ?? DEFAULT_BANNER;
    const start = () => converse(socket, log, greeting, options, context);
    if (options.greetingDelayMillis) setTimeout(start, options.greetingDelayMillis);
    else start();
  });
  await new Promise<void>((resolve) => server.listen(0, options.host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no server address');
  return {
    host: options.host,
    port: address.port,
    connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function converse(
  socket: Socket,
  log: ConnectionLog,
  greeting: string[],
  options: FakeServerOptions,
  context: ReturnType<typeof createSecureContext> | null,
): void {
  if (socket.destroyed) return;
  switch (options.misbehave ?? 'none') {
    case 'stall':
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
    case 'garbage':
      socket.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      return;
    case 'endless-line':
      return flood(socket, () => 'x'.repeat(16 * 1024));
    case 'endless-reply':
      socket.write('220-mx.test ESMTP\r\n');
      return flood(socket, () => '220-still greeting\r\n'.repeat(100));
  }

  socket.write(greeting.map((line) => line + '\r\n').join(''));
  readCommands(socket, (line) => {
    log.commands.push(line);
    const verb = line.split(' ')[0]?.toUpperCase();
    if (verb === 'EHLO') socket.write((options.ehlo ?? DEFAULT_EHLO).join('\r\n') + '\r\n');
    else if (verb === 'QUIT') {
      log.quitAt = performance.now();
      socket.end('221 2.0.0 Bye\r\n');
    } else if (verb === 'STARTTLS') {
      if (options.misbehave === 'refuse-starttls') {
        socket.write('454 4.7.0 TLS not available due to local problem\r\n');
        return 'continue';
      }
      if (options.misbehave === 'early-bytes') {
        socket.write('220 2.0.0 Ready to start TLS\r\nNOT TLS AT ALL\r\n');
        return 'stop';
      }
      socket.write('220 2.0.0 Ready to start TLS\r\n');
      return () => upgrade(socket, log, options, context);
    } else socket.write('502 5.5.2 Error: command not recognized\r\n');
    return 'continue';
  });
}

/**
 * Reads CRLF lines until the handler says stop, or returns what to do once this reader is off
 * the socket (hand it to TLS).
 */
function readCommands(
  socket: Socket,
  handle: (line: string) => 'continue' | 'stop' | (() => void),
): void {
  let buffered = '';
  const onData = (chunk: Buffer): void => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end).replace(/\r$/, '');
      buffered = buffered.slice(end + 1);
      const next = handle(line);
      if (next !== 'continue') {
        socket.off('data', onData);
        if (next !== 'stop') next();
        return;
      }
    }
  };
  socket.on('data', onData);
}

function upgrade(
  socket: Socket,
  log: ConnectionLog,
  options: FakeServerOptions,
  context: ReturnType<typeof createSecureContext> | null,
): void {
  if (options.misbehave === 'tls-stall') return;
  if (options.misbehave === 'tls-garbage' || options.misbehave === 'tls-reset') {
    socket.once('data', () => {
      if (options.misbehave === 'tls-reset') socket.resetAndDestroy();
      else socket.write('500 5.5.1 what is this?\r\n');
    });
    return;
  }
  if (context === null) throw new Error('a server that offers STARTTLS needs tls options');
  const secure = new TLSSocket(socket, {
    isServer: true,
    secureContext: context,
  });
  secure.on('error', () => {});
  secure.on('secure', () => {
    log.secure = true;
    log.servername = typeof secure.servername === 'string' ? secure.servername : null;
  });
  readCommands(secure, (line) => {
    log.commands.push(line);
    if (line.toUpperCase() === 'QUIT') {
      log.quitAt = performance.now();
      secure.end('221 2.0.0 Bye\r\n');
      return 'stop';
    }
    secure.write('250 2.0.0 Ok\r\n');
    return 'continue';
  });
}

/** Writes until the peer goes away, minding backpressure. */
function flood(socket: Socket, chunk: () => string): void {
  const write = (): void => {
    while (!socket.destroyed && socket.write(chunk()));
    if (!socket.destroyed) socket.once('drain', write);
  };
  write();
}
