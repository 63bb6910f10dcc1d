import { createHash } from 'node:crypto';

/**
 * Remembers the last delivery lines of a file, to tell a line that a log shipper or a syslog
 * relay wrote twice from a new event. Only lines that produced deliveries are remembered: a TLS
 * line may truly repeat word for word (the same process, the same second, a new connection).
 */
export class RecentLines {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private next = 0;

  constructor(private readonly capacity = 8192) {}

  has(text: string): boolean {
    return this.seen.has(digest(text));
  }

  add(text: string): void {
    const key = digest(text);
    if (this.seen.has(key)) return;
    if (this.order.length < this.capacity) {
      this.order.push(key);
    } else {
      this.seen.delete(this.order[this.next]!);
      this.order[this.next] = key;
      this.next = (this.next + 1) % this.capacity;
    }
    this.seen.add(key);
  }
}

function digest(text: string): string {
  // Long lines are hashed so the window's memory stays bounded by its capacity.
  return text.length <= 64 ? text : createHash('sha1').update(text).digest('base64');
}
