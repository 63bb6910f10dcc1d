import type { ConnectionKey } from '../world.js';

/** An open connection that a later delivery to the same hosts may take over. */
export interface Pooled {
  key: ConnectionKey;
  /** When its last transaction ended. */
  freeAt: number;
}

/**
 * Idle connections by sending host and destination hosts. A connection idle longer than the
 * limit has been closed by the client; one still busy (`freeAt` later) cannot be taken.
 */
export class IdlePool<C extends Pooled> {
  private readonly idle = new Map<string, C[]>();

  constructor(private readonly idleSeconds: number) {}

  take(sender: string, key: ConnectionKey, start: number): C | null {
    const list = this.idle.get(`${sender} ${key.id}`);
    if (list === undefined) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i] as C;
      if (start - c.freeAt > this.idleSeconds) list.splice(i, 1);
      else if (c.freeAt <= start) return list.splice(i, 1)[0] as C;
    }
    return null;
  }

  give(sender: string, connection: C, freeAt: number): void {
    connection.freeAt = freeAt;
    const name = `${sender} ${connection.key.id}`;
    const list = this.idle.get(name);
    if (list === undefined) this.idle.set(name, [connection]);
    else list.push(connection);
  }
}
