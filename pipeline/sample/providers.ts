import { suite, type CipherSuite } from './cipher-suites.js';
import type { ReplyStyle } from './software.js';
import type { TlsPolicy } from './tls-behaviour.js';

/**
 * The big mailbox providers that receive most of a sender's mail: real domain and MX names,
 * address ranges they announce, and the TLS they negotiate. Volumes are shares of all mail, in
 * percent; the invented small domains share what is left.
 */
export interface ProviderSpec {
  domains: readonly (readonly [name: string, percent: number])[];
  /** MX hosts with their preference; equal preferences share the load. */
  mx: readonly { name: string; preference: number }[];
  /** Address prefixes the MX hosts' addresses come from; `:` marks an IPv6 /64. */
  prefixes: readonly string[];
  suite: CipherSuite;
  reply: ReplyStyle;
  policy: TlsPolicy;
  /** Chance that the first address tried does not answer. */
  timeoutRate: number;
}

const TLS13_256 = suite('TLSv1.3', 'TLS_AES_256_GCM_SHA384', '256/256', true);
const TLS13_128 = suite('TLSv1.3', 'TLS_AES_128_GCM_SHA256', '128/128', true);
const ECDHE_256 = suite('TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384', '256/256', true);
const ECDHE_128 = suite('TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', '128/128', true);

export const PROVIDERS: readonly ProviderSpec[] = [
  {
    domains: [
      ['gmail.com', 22],
      ['googlemail.com', 1],
    ],
    mx: [
      { name: 'gmail-smtp-in.l.google.com', preference: 5 },
      { name: 'alt1.gmail-smtp-in.l.google.com', preference: 10 },
      { name: 'alt2.gmail-smtp-in.l.google.com', preference: 20 },
      { name: 'alt3.gmail-smtp-in.l.google.com', preference: 30 },
      { name: 'alt4.gmail-smtp-in.l.google.com', preference: 40 },
    ],
    prefixes: ['142.250', '74.125', '64.233', '172.253', '108.177', '2a00:1450:4013:c0b'],
    suite: TLS13_256,
    reply: 'google',
    policy: 'verify',
    timeoutRate: 0.03,
  },
  {
    domains: [
      ['hotmail.com', 5],
      ['outlook.com', 4],
      ['live.com', 1.5],
      ['msn.com', 0.5],
    ],
    mx: [{ name: '*.olc.protection.outlook.com', preference: 5 }],
    prefixes: ['52.101', '104.47', '40.92', '2a01:111:f403:c00a'],
    suite: ECDHE_256,
    reply: 'microsoft365',
    policy: 'may',
    timeoutRate: 0.01,
  },
  {
    domains: [
      ['yahoo.com', 5],
      ['aol.com', 0.8],
      ['yahoo.co.uk', 0.4],
      ['yahoo.fr', 0.3],
      ['ymail.com', 0.2],
    ],
    mx: [
      { name: 'mta5.am0.yahoodns.net', preference: 1 },
      { name: 'mta6.am0.yahoodns.net', preference: 1 },
      { name: 'mta7.am0.yahoodns.net', preference: 1 },
    ],
    prefixes: ['67.195.204', '98.136.96', '66.218.85', '67.195.228'],
    suite: TLS13_128,
    reply: 'yahoo',
    policy: 'may',
    timeoutRate: 0.02,
  },
  {
    domains: [['web.de', 3]],
    mx: [
      { name: 'mx-ha02.web.de', preference: 100 },
      { name: 'mx-ha03.web.de', preference: 100 },
    ],
    prefixes: ['212.227.15', '212.227.17'],
    suite: TLS13_256,
    reply: 'webde',
    policy: 'verify',
    timeoutRate: 0.01,
  },
  {
    domains: [
      ['gmx.de', 2.5],
      ['gmx.net', 1.5],
      ['gmx.at', 0.3],
    ],
    mx: [
      { name: 'mx00.emig.gmx.net', preference: 10 },
      { name: 'mx01.emig.gmx.net', preference: 10 },
    ],
    prefixes: ['212.227.15', '212.227.17'],
    suite: TLS13_256,
    reply: 'webde',
    policy: 'verify',
    timeoutRate: 0.01,
  },
  {
    domains: [
      ['mail.ru', 1.5],
      ['inbox.ru', 0.3],
      ['list.ru', 0.3],
      ['bk.ru', 0.3],
    ],
    mx: [{ name: 'mxs.mail.ru', preference: 10 }],
    prefixes: ['94.100.180', '217.69.139'],
    suite: ECDHE_128,
    reply: 'exim',
    policy: 'may',
    timeoutRate: 0.02,
  },
  {
    domains: [
      ['yandex.ru', 1.2],
      ['ya.ru', 0.2],
    ],
    mx: [{ name: 'mx.yandex.ru', preference: 10 }],
    prefixes: ['77.88.21', '5.255.255', '213.180.204'],
    suite: TLS13_256,
    reply: 'yandex',
    policy: 'may',
    timeoutRate: 0.02,
  },
  {
    domains: [
      ['qq.com', 1.2],
      ['foxmail.com', 0.2],
    ],
    mx: [
      { name: 'mx3.qq.com', preference: 10 },
      { name: 'mx2.qq.com', preference: 20 },
      { name: 'mx1.qq.com', preference: 30 },
    ],
    prefixes: ['183.47.101', '43.163.178', '203.205.219'],
    suite: ECDHE_128,
    reply: 'generic',
    policy: 'may',
    timeoutRate: 0.08,
  },
  {
    domains: [['naver.com', 0.8]],
    mx: [
      { name: 'mx1.naver.com', preference: 10 },
      { name: 'mx2.naver.com', preference: 10 },
      { name: 'mx3.naver.com', preference: 10 },
    ],
    prefixes: ['125.209.238', '125.209.222'],
    suite: ECDHE_256,
    reply: 'naver',
    policy: 'may',
    timeoutRate: 0.04,
  },
  {
    domains: [['t-online.de', 1.2]],
    mx: [
      { name: 'mx00.t-online.de', preference: 10 },
      { name: 'mx01.t-online.de', preference: 10 },
      { name: 'mx02.t-online.de', preference: 10 },
      { name: 'mx03.t-online.de', preference: 10 },
    ],
    prefixes: ['194.25.134'],
    suite: TLS13_256,
    reply: 'generic',
    policy: 'may',
    timeoutRate: 0.01,
  },
  {
    domains: [
      ['orange.fr', 0.8],
      ['wanadoo.fr', 0.2],
    ],
    mx: [
      { name: 'smtp-in.orange.fr', preference: 10 },
      { name: 'smtp-in2.orange.fr', preference: 20 },
    ],
    prefixes: ['80.12.242', '193.252.22'],
    suite: ECDHE_256,
    reply: 'generic',
    policy: 'may',
    timeoutRate: 0.02,
  },
  {
    domains: [
      ['icloud.com', 1.5],
      ['me.com', 0.3],
    ],
    mx: [
      { name: 'mx01.mail.icloud.com', preference: 10 },
      { name: 'mx02.mail.icloud.com', preference: 10 },
    ],
    prefixes: ['17.57.154', '17.42.251'],
    suite: TLS13_256,
    reply: 'generic',
    policy: 'may',
    timeoutRate: 0.01,
  },
  {
    domains: [
      ['libero.it', 0.5],
      ['comcast.net', 0.5],
    ],
    mx: [
      { name: 'smtp-in.libero.it', preference: 10 },
      { name: 'mx1a1.comcast.net', preference: 10 },
    ],
    prefixes: ['213.209.1', '96.114.157'],
    suite: ECDHE_256,
    reply: 'generic',
    policy: 'may',
    timeoutRate: 0.02,
  },
];

/**
 * Shared mail hosting: MX hosts of equal preference that serve many small domains each. Two
 * hosters still run without STARTTLS, so that campaigns show plaintext connection reuse.
 */
export const HOSTING_MX: readonly { names: readonly string[]; noStarttls?: boolean }[] = [
  { names: ['mx1.hostingco.net', 'mx2.hostingco.net'] },
  { names: ['mx00.webhosting-eu.de', 'mx01.webhosting-eu.de'] },
  { names: ['mail.serverpark.nl'], noStarttls: true },
  { names: ['mx.hebergement-pro.fr', 'mx2.hebergement-pro.fr'] },
  { names: ['mx1.cloudmail.co.jp'] },
  { names: ['mx.sakura-hosting.jp'] },
  { names: ['mail1.netservice.com.au', 'mail2.netservice.com.au'] },
  { names: ['mx.provedor-email.com.br'] },
  { names: ['mx1.webspace24.ch'] },
  { names: ['smtp.hostinger-mail.eu', 'smtp2.hostinger-mail.eu'] },
  { names: ['mx1.filterservice.net', 'mx2.filterservice.net'] },
  { names: ['mx.kundenserver-mail.de', 'mx01.kundenserver-mail.de'] },
  { names: ['mail.dom-hosting.ru'], noStarttls: true },
  { names: ['mx.hanmail-biz.co.kr'] },
];

/** Google Workspace and Microsoft 365 serve a good share of small business domains. */
export const WORKSPACE_MX = [
  { name: 'aspmx.l.google.com', preference: 1 },
  { name: 'alt1.aspmx.l.google.com', preference: 5 },
  { name: 'alt2.aspmx.l.google.com', preference: 5 },
  { name: 'alt3.aspmx.l.google.com', preference: 10 },
  { name: 'alt4.aspmx.l.google.com', preference: 10 },
];
export const WORKSPACE_PREFIXES = ['142.250', '74.125', '64.233', '108.177'];
export const M365_PREFIXES = ['52.101', '40.93', '104.47'];
export const M365_SUITE = ECDHE_256;
export const WORKSPACE_SUITE = TLS13_256;
