/** The methods section of the report: what the results mean and what the logs can prove. */
export const METHODS: readonly string[] = [
  'Each delivered email is classified from the sending MTA’s own log. Strict: a TLS session was ' +
    'negotiated and the MTA verified the certificate (trusted chain, matching name, valid dates). ' +
    'Unverified: a TLS session was negotiated, but the log holds no complete verdict on the ' +
    'certificate; such mail is never counted as Strict. Opportunistic: a TLS session was ' +
    'negotiated and the certificate failed at least one check. Failure: the server offered ' +
    'STARTTLS, the handshake failed and the mail went in clear. None: the mail went in clear ' +
    'without a STARTTLS attempt.',
  'A unique recipient domain, MX host or IP address takes the result of most of its emails in ' +
    'the period; ties go to the stronger result (Strict, Unverified, Opportunistic, Failure, None). ' +
    'The rule can be changed to best or worst with --rule.',
  'What each log can prove differs. Postfix logs Verified only under a verify policy; at the ' +
    'default level may it never checks the host name, so its Trusted sessions are Unverified, and ' +
    'it names at most one reason for a failed certificate, only when verification is required. ' +
    'A delivery without a TLS line is None unless the log shows a failed handshake before it.',
  'Every delivery row records the evidence its result rests on (the evidence column: verified, ' +
    'reasons, trust-only, chain-only, tls-only, anonymous, handshake-failure, no-starttls, ' +
    'no-tls-line, plaintext-reuse), so each figure can be re-cut by how well it is proven.',
];
