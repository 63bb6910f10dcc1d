import type { SessionEvidence } from './truth.js';
import type { Trust } from './tls-behaviour.js';
import type { ConnectionKey, MxHost } from './world.js';

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

/**
 * The scache(8) of one log host. Postfix looks a connection up by next-hop domain and then by
 * server address, so domains that share MX hosts (and a TLS policy) share connections; the key
 * says which (see Destination.connectionKey).
 */
export class ConnectionCache {
  private readonly idle: (Connection[] | undefined)[] = [];

  /** An idle connection for `key` usable at `start`, removed from the cache while in use. */
  take(key: ConnectionKey, start: number): Connection | null {
    const list = this.idle[key.id];
    if (list === undefined || list.length === 0) return null;
    let found = -1;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list[i] as Connection;
      if (start - c.freeAt > IDLE_LIMIT_SECONDS || start - c.openedAt > REUSE_LIMIT_SECONDS) {
        continue; // closed by the idle or reuse time limit
      }
      if (found < 0 && c.freeAt <= start) found = kept;
      list[kept++] = c;
    }
    list.length = kept;
    if (found < 0) return null;
    const connection = list[found] as Connection;
    list.splice(found, 1);
    return connection;
  }

  /** Returns a connection to the cache once the request that used it ends at `freeAt`. */
  give(key: ConnectionKey, connection: Connection, freeAt: number): void {
    connection.freeAt = freeAt;
    const list = this.idle[key.id];
    if (list === undefined) this.idle[key.id] = [connection];
    else if (list.length < PER_DESTINATION) list.push(connection);
  }
}
