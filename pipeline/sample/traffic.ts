import type { LogHost } from './log-hosts.js';
import type { RecipientGroup } from './message.js';
import { localPart } from './names.js';
import type { Random } from './random.js';
import { WeightedTable } from './weighted.js';
import type { Destination, World } from './world.js';

/** A message as it enters the queue, before any delivery attempt. */
export interface PlannedMessage {
  arrival: number;
  host: LogHost;
  sender: string;
  sizeBytes: number;
  groups: RecipientGroup[];
  recipients: number;
  /** How it reached Postfix: the pickup daemon (local sendmail) or smtpd from an app server. */
  submission: { kind: 'pickup'; uid: number } | { kind: 'smtpd'; client: string };
}

// Relative volume per hour of the day: quiet nights, a morning peak, a dip at lunch.
const HOURLY = [
  1.0, 0.7, 0.5, 0.4, 0.4, 0.6, 1.2, 2.5, 4.5, 6.0, 6.5, 6.2, 5.0, 5.8, 6.2, 6.0, 5.5, 4.8, 3.8,
  3.2, 2.8, 2.4, 1.8, 1.3,
];
/** Arrivals end early enough for every attempt and retry to be logged before midnight. */
const LAST_ARRIVAL_SECONDS = 86_400 - 600;

const SENDER_DOMAIN = 'acme-retail.example';
const SENDERS = [
  `orders@${SENDER_DOMAIN}`,
  `noreply@${SENDER_DOMAIN}`,
  `support@${SENDER_DOMAIN}`,
  `invoice@billing.${SENDER_DOMAIN}`,
  `j.doe@${SENDER_DOMAIN}`,
  `m.rossi@${SENDER_DOMAIN}`,
];
const RUN_CONTINUES = 0.6;
const APP_SERVERS = ['app-01.internal[10.20.0.11]', 'app-02.internal[10.20.0.12]'];
const CAMPAIGN_CLIENT = 'mailer-01.internal[10.20.0.31]';

/**
 * The day's mail: transactional messages spread over the day by the hourly curve, and
 * newsletter campaigns that send many messages within seconds (which is what lets Postfix reuse
 * connections). Volume is counted in delivery lines so that the total is exact.
 */
export class Traffic {
  private readonly cumulative: number[] = [];
  private readonly hosts: WeightedTable<LogHost>;
  private readonly campaignSize: number;
  private readonly campaignGap: number;
  private campaign: {
    left: number;
    host: LogHost;
    id: number;
    sizeBytes: number;
    destination: Destination;
  } | null = null;
  private campaigns = 0;
  private last = 0;

  constructor(
    private readonly r: Random,
    private readonly world: World,
    hosts: readonly LogHost[],
    private readonly total: number,
  ) {
    let sum = 0;
    for (const weight of HOURLY) this.cumulative.push((sum += weight));
    this.hosts = new WeightedTable(hosts.map((h) => [h, h.profile.share]));
    this.campaignSize = Math.max(3, Math.floor(total / 20));
    // A busy day sends campaigns faster, so that they keep within their share of the day.
    this.campaignGap = Math.min(0.25, (0.5 * LAST_ARRIVAL_SECONDS) / total);
  }

  /** The next message, given the delivery lines planned so far and how many may follow. */
  next(planned: number, budget: number): PlannedMessage {
    const r = this.r;
    if (this.campaign === null && r.chance(0.008)) {
      const left = Math.min(r.between(20, 250), this.campaignSize);
      const host = this.hosts.pick(r);
      const sizeBytes = r.between(18_000, 140_000);
      const destination = this.world.destinations.pick(r);
      this.campaign = { left, host, id: ++this.campaigns, sizeBytes, destination };
    }

    const campaign = this.campaign;
    if (campaign !== null) {
      this.last += r.exponential(this.campaignGap);
      campaign.left -= 1;
      if (campaign.left <= 0) this.campaign = null;
      // List managers sort recipients by domain, so runs of messages go to one destination.
      if (!r.chance(RUN_CONTINUES)) campaign.destination = this.world.destinations.pick(r);
      const destination = campaign.destination;
      const address = this.address(destination);
      const verp = `${address.slice(0, address.lastIndexOf('@'))}=${destination.domain}`;
      return {
        arrival: Math.min(this.last, LAST_ARRIVAL_SECONDS),
        host: campaign.host,
        sender: `bounce-${campaign.id}-${verp}@lists.${SENDER_DOMAIN}`,
        sizeBytes: campaign.sizeBytes + r.int(400),
        groups: [{ destination, addresses: [address], origTo: [null] }],
        recipients: 1,
        submission: { kind: 'smtpd', client: CAMPAIGN_CLIENT },
      };
    }

    const target = this.timeAt((planned + r.float()) / this.total);
    this.last = Math.max(this.last + 0.001, target);
    const wanted = r.chance(0.85) ? 1 : r.chance(0.7) ? r.between(2, 3) : r.between(4, 8);
    const groups = this.recipients(Math.min(wanted, budget));
    return {
      arrival: Math.min(this.last, LAST_ARRIVAL_SECONDS),
      host: this.hosts.pick(r),
      sender: r.pick(SENDERS),
      sizeBytes: 1_500 + Math.floor(r.exponential(30_000)),
      groups,
      recipients: groups.reduce((n, g) => n + g.addresses.length, 0),
      submission: r.chance(0.3)
        ? { kind: 'pickup', uid: 33 }
        : { kind: 'smtpd', client: r.pick(APP_SERVERS) },
    };
  }

  /** Recipients of a transactional message: colleagues at one domain, or several domains. */
  private recipients(count: number): RecipientGroup[] {
    const r = this.r;
    const sameDomain = count > 1 && r.chance(0.6);
    const groups = new Map<Destination, RecipientGroup>();
    let destination = this.world.destinations.pick(r);
    for (let i = 0; i < count; i++) {
      if (i > 0 && !sameDomain) destination = this.world.destinations.pick(r);
      let group = groups.get(destination);
      if (!group) {
        group = { destination, addresses: [], origTo: [] };
        groups.set(destination, group);
      }
      group.addresses.push(this.address(destination));
      group.origTo.push(count === 1 && r.chance(0.02) ? `${localPart(r)}@${SENDER_DOMAIN}` : null);
    }
    return [...groups.values()];
  }

  /** An address as users type it: now and then with capitals in the local part or domain. */
  private address(destination: Destination): string {
    const r = this.r;
    const local = localPart(r);
    if (!r.chance(0.03)) return `${local}@${destination.logged}`;
    const capital = local.charAt(0).toUpperCase() + local.slice(1);
    const domain = r.chance(0.5)
      ? destination.logged.toUpperCase()
      : destination.logged.charAt(0).toUpperCase() + destination.logged.slice(1);
    return `${capital}@${domain}`;
  }

  /** Seconds after midnight at which a fraction `p` of the day's volume has arrived. */
  private timeAt(p: number): number {
    const total = this.cumulative[this.cumulative.length - 1] ?? 1;
    const target = Math.min(Math.max(p, 0), 1) * total;
    let hour = 0;
    while (hour < this.cumulative.length - 1 && (this.cumulative[hour] ?? 0) < target) hour++;
    const before = hour === 0 ? 0 : (this.cumulative[hour - 1] ?? 0);
    const within = (target - before) / (HOURLY[hour] ?? 1);
    return ((hour + within) / 24) * LAST_ARRIVAL_SECONDS;
  }
}
