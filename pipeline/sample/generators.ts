import type { Dialect } from '../model/delivery.js';
import type { TextSink } from './chunk-writer.js';
import { generateExim } from './exim/index.js';
import { generateJsonl } from './jsonl/index.js';
import { generateKumomta } from './kumomta/index.js';
import { generatePostfix, type PostfixSampleCounts } from './postfix.js';
import { generateSendmail } from './sendmail/index.js';

export interface GeneratorOptions {
  deliveries: number;
  seed: number;
  date: string;
  /** Postfix only: log the 3.11 `tls=` field. */
  tlsField?: boolean;
}

/** Every dialect's generator, with the file name its MTA usually writes. */
export const GENERATORS: Record<
  Dialect,
  {
    logName: string;
    generate: (
      options: GeneratorOptions,
      out: { log: TextSink; truth?: TextSink },
    ) => Promise<PostfixSampleCounts>;
  }
> = {
  postfix: { logName: 'mail.log', generate: generatePostfix },
  exim: { logName: 'mainlog', generate: (o, out) => generateExim(o, out) },
  sendmail: { logName: 'maillog', generate: (o, out) => generateSendmail(o, out) },
  kumomta: { logName: 'log.jsonl', generate: (o, out) => generateKumomta(o, out) },
  jsonl: { logName: 'deliveries.jsonl', generate: (o, out) => generateJsonl(o, out) },
};
