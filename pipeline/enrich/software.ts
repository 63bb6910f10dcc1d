/**
 * The receiving software, guessed from the server's reply to DATA. Filters and appliances in
 * front of an MTA answer with their own text, so this names the software behind the MX host,
 * not proof of it.
 */
const REPLY_FINGERPRINTS: [RegExp, string][] = [
  [/\bOk: queued as \S+/i, 'postfix'],
  [/\bOK id=[0-9A-Za-z]{6}-[0-9A-Za-z]{6,}-[0-9A-Za-z]{2,}/, 'exim'],
  [/\bMessage accepted for delivery\b/i, 'sendmail'],
  [/^(?:250 )?ok \d{9,} qp \d+/i, 'qmail'],
  [/\bQueued mail for delivery\b/i, 'exchange'],
  [/ - gsmtp\s*$/, 'google'],
];

export function softwareFromReply(reply: string): string | null {
  for (const [pattern, software] of REPLY_FINGERPRINTS) {
    if (pattern.test(reply)) return software;
  }
  return null;
}

const BANNER_FINGERPRINTS: [RegExp, string][] = [
  [/\bESMTP Postfix\b/i, 'postfix'],
  [/\bESMTP Exim\b/i, 'exim'],
  [/\bSendmail\b/, 'sendmail'],
  [/\bqpsmtpd\b/i, 'qpsmtpd'],
  [/\bMicrosoft ESMTP MAIL Service\b/i, 'exchange'],
  [/\bmx\.google\.com ESMTP\b/i, 'google'],
  [/^220 \S+ ESMTP\s*$/, 'qmail'],
];

/** The software named by an SMTP greeting, e.g. `220 mx.example ESMTP Postfix`, or null. */
export function softwareFromBanner(banner: string): string | null {
  for (const [pattern, software] of BANNER_FINGERPRINTS) {
    if (pattern.test(banner)) return software;
  }
  return null;
}
