import { UNKNOWN_VERDICTS } from '../model/delivery.js';
import { bannerSoftware } from './banner.js';
import { checkCertificate } from './certificate-checks.js';
import { certificateFacts } from './certificate-facts.js';
import type { Clock, Network, Timer } from './effects.js';
import { strictFromVerdicts, utcDay, type ProbeRecord, type ProbeTarget } from './record.js';
import type { IpPacer } from './schedule.js';
import { smtpDialogue, type DialogueOptions, type DialogueResult } from './smtp-dialogue.js';
import type { TrustStore } from './trust-store.js';

export interface ProbeOptions extends DialogueOptions {
  /** Further attempts after a temporary failure (refused or timed-out connection, 4xx reply). */
  retries: number;
  /** The wait before the first retry; it doubles for each further one. */
  retryBackoffMillis: number;
  trust: TrustStore;
  /** The day rows are filed under, or null for the UTC day of each probe. */
  day: string | null;
}

export interface ProbeEffects {
  network: Network;
  clock: Clock;
  timer: Timer;
  pacer: IpPacer;
}

/** Probes one server, retrying temporary failures, and judges the certificate it presents. */
export async function probeTarget(
  target: ProbeTarget,
  options: ProbeOptions,
  effects: ProbeEffects,
): Promise<ProbeRecord> {
  const started = effects.timer.monotonic();
  let attempts = 0;
  let probedAtMillis: number;
  let result: DialogueResult;
  for (;;) {
    await effects.pacer.wait(target.ip);
    attempts++;
    probedAtMillis = effects.clock.now();
    result = await smtpDialogue(target, options, effects.network);
    if (!result.temporary || attempts > options.retries) break;
    await effects.timer.sleep(options.retryBackoffMillis * 2 ** (attempts - 1));
  }

  const chain = result.tls?.chain ?? [];
  const checks = checkCertificate(chain, {
    host: target.mxHost,
    nowMillis: probedAtMillis,
    trust: options.trust,
  });
  const verdicts = result.tls === null ? UNKNOWN_VERDICTS : checks.verdicts;
  return {
    probeDay: options.day ?? utcDay(probedAtMillis),
    probedAtMillis,
    source: 'probe',
    mxHost: target.mxHost,
    ip: target.ip,
    port: target.port,
    outcome: result.outcome,
    banner: result.banner,
    software: result.banner === null ? null : bannerSoftware(result.banner),
    ehloKeywords: result.ehloKeywords,
    starttlsAdvertised: result.starttlsAdvertised,
    tlsVersion: result.tls?.tlsVersion ?? null,
    cipher: result.tls?.cipher ?? null,
    forwardSecrecy: result.tls?.forwardSecrecy ?? null,
    keyExchange: result.tls?.keyExchange ?? null,
    certificate: certificateFacts(chain),
    verdicts,
    strict: result.tls === null ? null : strictFromVerdicts(verdicts),
    error: result.error,
    attempts,
    durationMillis: Math.round(effects.timer.monotonic() - started),
  };
}
