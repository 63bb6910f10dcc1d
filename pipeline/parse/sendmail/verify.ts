/**
 * The values sendmail gives its `{verify}` macro, grouped by what they say about the connection.
 * `tls_get_info` (tls.c) writes the first group after a completed handshake; deliver.c sets the
 * others when STARTTLS failed or was not tried, and they reach the log through the `tls_server`
 * ruleset (`ruleset=tls_server, arg1=SOFTWARE, ...`).
 */

/** A handshake completed: the session is encrypted, whatever the certificate verdict. */
export const ENCRYPTED_VERIFY = [
  'OK', // chain verified; sendmail never checks the host name
  'NO', // a certificate was requested but none presented
  'NOT', // no certificate was requested
  'FAIL', // the chain did not verify
  'TRUSTED', // DANE-verified
  'DANE_FAIL', // TLSA records exist and none matched
  'DANE_TEMP', // TLSA lookup failed temporarily
  'BOGUS_DANE_RES', // an inconsistent DANE result
] as const;

/** STARTTLS was tried and failed; what follows on that connection goes in clear. */
export const FAILED_VERIFY = [
  'SOFTWARE', // the handshake failed
  'PROTOCOL', // the server answered STARTTLS with something other than 220
  'TEMP', // a temporary failure, e.g. a 4xx reply to STARTTLS
  'FAILURE', // any other failure
  'CONFIG', // the local tls_clt_features ruleset failed
  'CLEAR', // the connection was retried in clear after a failed handshake
] as const;

/** STARTTLS was not tried on the connection. */
export const CLEAR_VERIFY = ['NONE', 'DANE_NOTLS'] as const;

export type EncryptedVerify = (typeof ENCRYPTED_VERIFY)[number];
export type FailedVerify = (typeof FAILED_VERIFY)[number];
export type ClearVerify = (typeof CLEAR_VERIFY)[number];
export type VerifyResult = EncryptedVerify | FailedVerify | ClearVerify;

export type VerifyMeaning =
  | { kind: 'encrypted'; verify: EncryptedVerify }
  | { kind: 'failed'; verify: FailedVerify }
  | { kind: 'clear'; verify: ClearVerify };

/** What a logged `{verify}` value means, or null for a value sendmail does not write. */
export function verifyMeaning(value: string): VerifyMeaning | null {
  if (includes(ENCRYPTED_VERIFY, value)) return { kind: 'encrypted', verify: value };
  if (includes(FAILED_VERIFY, value)) return { kind: 'failed', verify: value };
  if (includes(CLEAR_VERIFY, value)) return { kind: 'clear', verify: value };
  return null;
}

function includes<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
