import type { RecipientGroup } from '../message.js';
import { HEX_LOWER, type Random } from '../random.js';
import type { Destination } from '../world.js';
import { kumoRecord, type RecordBase, type RecordType } from './record.js';

export interface KumoMessage {
  sender: string;
  sizeBytes: number;
  /** Unix seconds of the reception. */
  created: number;
  /** The egress source that sends it; its name is the row's log host. */
  source: string;
  /** KumoMTA spools one message per recipient domain: an id per group. */
  ids: Map<RecipientGroup, string>;
  messageId: string;
}

/** Builds the shared part of the records of one KumoMTA node. */
export class RecordBases {
  private readonly sites = new WeakMap<Destination, string>();

  constructor(private readonly nodeId: string) {}

  of(
    message: KumoMessage,
    id: string,
    destination: Destination,
    type: RecordType,
    recipients: readonly string[],
    timestamp: number,
    attempts: number,
  ): RecordBase {
    return {
      type,
      id,
      sender: message.sender,
      recipients,
      queue: destination.domain,
      site: type === 'Reception' ? '' : this.site(destination),
      sizeBytes: message.sizeBytes,
      timestamp,
      created: message.created,
      attempts,
      classification: type === 'Bounce' ? 'InvalidRecipient' : 'Uncategorized',
      pool: type === 'Reception' ? null : 'pool-1',
      source: type === 'Reception' ? null : message.source,
      nodeId: this.nodeId,
    };
  }

  /** The Reception record of the message for one recipient domain. */
  reception(
    message: KumoMessage,
    id: string,
    group: RecipientGroup,
    peer: { name: string; addr: string },
  ): string {
    const base = this.of(
      message,
      id,
      group.destination,
      'Reception',
      group.addresses,
      message.created,
      0,
    );
    return kumoRecord(base, {
      response: { code: 250, enhanced: null, content: '', command: null },
      peer,
      tls: null,
      sessionId: null,
    });
  }

  /** The site name: the destination's MX hosts, as KumoMTA groups its queues by them. */
  private site(destination: Destination): string {
    let site = this.sites.get(destination);
    if (site === undefined) {
      const names = (destination.mx[0] ?? []).map((mx) => mx.name);
      const hosts = names.length === 1 ? (names[0] as string) : `(${names.join('|')})`;
      site = `unspecified->${hosts}@smtp_client`;
      this.sites.set(destination, site);
    }
    return site;
  }
}

/** A version 4 UUID, as KumoMTA names nodes and sessions. */
export function uuid(r: Random): string {
  const h = (n: number) => r.chars(HEX_LOWER, n);
  return `${h(8)}-${h(4)}-4${h(3)}-${r.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
}
