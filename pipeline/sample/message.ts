import type { LogHost } from './log-hosts.js';
import type { Destination } from './world.js';

/** The recipients of one message at one destination: one delivery request per attempt. */
export interface RecipientGroup {
  destination: Destination;
  /** Addresses as the log prints them (any case, U-labels kept). */
  addresses: string[];
  /** The local alias each address was expanded from, or null. */
  origTo: (string | null)[];
}

/** A message in the sender's queue, across its delivery attempts. */
export interface QueuedMessage {
  host: LogHost;
  queueId: string;
  messageId: string;
  sender: string;
  sizeBytes: number;
  /** Seconds after midnight when it entered the queue. */
  arrival: number;
  nrcpt: number;
  /** Delivery requests not yet final (a deferred one with a retry ahead is not final). */
  pending: number;
  /** Some recipient is left deferred at the end of the day: the message stays queued. */
  stuck: boolean;
  /** When the last request so far ended. */
  lastEnd: number;
}

/** Why a whole request was deferred, which decides whether and when it is tried again. */
export type DeferReason = 'handshake' | 'policy' | 'greylist' | 'throttle';
