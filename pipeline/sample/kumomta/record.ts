import { enhancedCode, replyWords, type Reply } from '../jsonl/replies.js';

/**
 * KumoMTA log records (docs/reference/log_record.md), one JSON object per line, with the members
 * in the order kumod writes them. TLS members are left out when the session was not encrypted.
 */

export type RecordType = 'Reception' | 'Delivery' | 'TransientFailure' | 'Bounce';

export interface Response {
  code: number;
  /** `5.1.1`, or null when the reply has none. */
  enhanced: string | null;
  /** The reply without its codes. */
  content: string;
  /** The command it answered, as sent; null for a reception or an internal error. */
  command: string | null;
}

/** The members every record of a message shares, from its type to the node's id. */
export interface RecordBase {
  type: RecordType;
  id: string;
  sender: string;
  /** One address, or several of one batch (a list since 2025.12.02). */
  recipients: readonly string[];
  queue: string;
  site: string;
  sizeBytes: number;
  /** Unix seconds. */
  timestamp: number;
  created: number;
  attempts: number;
  classification: string;
  pool: string | null;
  source: string | null;
  nodeId: string;
}

/** What the SMTP session adds. */
export interface SessionFields {
  response: Response;
  peer: { name: string; addr: string } | null;
  tls: { cipher: string; protocol: string; subject: readonly string[] } | null;
  sessionId: string | null;
}

/**
 * The record as one line. Built as text rather than through JSON.stringify, which was most of
 * the generator's time: every value but the reply text is an id, name, address or number the
 * generators make, none with a character JSON escapes.
 */
export function kumoRecord(f: RecordBase, session: SessionFields): string {
  const r = session.response;
  const recipient =
    f.recipients.length === 1 ? `"${f.recipients[0]}"` : `["${f.recipients.join('","')}"]`;
  const code = r.enhanced?.split('.');
  const enhanced = code ? `{"class":${code[0]},"subject":${code[1]},"detail":${code[2]}}` : 'null';
  const command = r.command === null ? 'null' : JSON.stringify(r.command);
  const p = session.peer;
  const peer = p === null ? 'null' : `{"name":"${p.name}","addr":"${p.addr}"}`;
  const t = session.tls;
  const tls =
    t === null
      ? ''
      : `,"tls_cipher":"${t.cipher}","tls_protocol_version":"${t.protocol}",` +
        `"tls_peer_subject_name":${JSON.stringify(t.subject)}`;
  return (
    `{"type":"${f.type}","id":"${f.id}","sender":"${f.sender}","recipient":${recipient},` +
    `"queue":"${f.queue}","site":"${f.site}","size":${f.sizeBytes},` +
    `"response":{"code":${r.code},"enhanced_code":${enhanced},` +
    `"content":${JSON.stringify(r.content)},"command":${command}},` +
    `"peer_address":${peer},"timestamp":${f.timestamp},"created":${f.created},` +
    `"num_attempts":${f.attempts},"bounce_classification":"${f.classification}",` +
    `"egress_pool":${text(f.pool)},"egress_source":${text(f.source)},` +
    `"feedback_report":null,"meta":{},"headers":{},` +
    `"delivery_protocol":${f.type === 'Reception' ? 'null' : '"ESMTP"'},` +
    `"reception_protocol":"ESMTP","nodeid":"${f.nodeId}"${tls}` +
    `${session.sessionId === null ? '' : `,"session_id":"${session.sessionId}"`}}\n`
  );
}

function text(value: string | null): string {
  return value === null ? 'null' : `"${value}"`;
}

/** The response member of a record for an SMTP reply. */
export function response(reply: Reply, command: string): Response {
  return {
    code: Number(reply.text.slice(0, 3)),
    enhanced: enhancedCode(reply.text),
    content: replyWords(reply.text),
    command,
  };
}

/** The command a reply answered, as the client sent it. */
export function commandOf(
  type: RecordType,
  reply: Reply,
  sender: string,
  recipients: readonly string[],
): string {
  if (type === 'Delivery') return '.\r\n';
  if (reply.command === 'MAIL FROM') return `MAIL FROM:<${sender}>\r\n`;
  return `RCPT TO:<${recipients[0] ?? ''}>\r\n`;
}
