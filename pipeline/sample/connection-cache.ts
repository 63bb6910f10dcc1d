import type { SessionEvidence } from './truth.js';
import type { Trust } from './tls-behaviour.js';
import type { MxHost } from './world.js';

/** An open SMTP connection that a later delivery request to the same destination may reuse. */
export interface Connection {
  mx: MxHost;
  ip: string;
  /** `H[IP]:25`, as delivery and TLS lines print it. */
  relay: string;
  /** What was logged when the connection was opened; a reuse proves the same. */
  evidence: SessionEvidence;
  /** The ground-truth TLS fragment of that evidence. */
  truth: string;
  /** The summary to repeat as `… TLS connection reused to …`, or null for plaintext. */
  summary: { trust: Trust; tail: string } | null;
  /** Postfix 3.11 `tls=` value for deliveries on this connection. */
  feature: string;
  uses: number;
  openedAt: number;
  freeAt: number;
}

// Postfix defaults: smtp_connection_cache_time_limit (idle) and smtp_connection_reuse_time_limit.
const IDLE_LIMIT_SECONDS = 2;
const REUSE_LIMIT_SECONDS = 300;
const PER_DESTINATION = 8;

/** The scache(8) of each log host, keyed by log host and next-hop domain. */
export class ConnectionCache {
  private readonly idle = new Map<string, Connection[]>();

  /** An idle connection to `key` usable at `start`, removed from the cache while in use. */
  take(key: string, start: number): Connection | null {
    const list = this.idle.get(key);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i] as Connection;
      if (start - c.freeAt > IDLE_LIMIT_SECONDS || start - c.openedAt > REUSE_LIMIT_SECONDS) {
        list.splice(i, 1);
      }
    }
    const index = list.findIndex((c) => c.freeAt <= start);
    if (index < 0) {
      if (list.length === 0) this.idle.delete(key);
      return null;
    }
    const [connection] = list.splice(index, 1);
    return connection ?? null;
  }

  /** Returns a connection to the cache once the request that used it ends at `freeAt`. */
  give(key: string, connection: Connection, freeAt: number): void {
    connection.freeAt = freeAt;
    const list = this.idle.get(key);
    if (!list) this.idle.set(key, [connection]);
    else if (list.length < PER_DESTINATION) list.push(connection);
  }
}
