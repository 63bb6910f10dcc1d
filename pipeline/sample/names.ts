import { DIGITS, type Random } from './random.js';
import { WeightedTable } from './weighted.js';

/**
 * Word material for invented domain names and recipient local parts. The pipeline never keeps
 * local parts; they only need to look like the ones real logs carry.
 */

const WORDS = (
  'alpha atlas berg blau blue bright cedar central city cloud coast delta digital dom eco ' +
  'euro fabrik falcon field first forest garden global gold green grupo haus hill home ' +
  'immo info inter isla kanzlei kita klinik lake land law lumen maison market media metal ' +
  'mondo mountain nord north nova ocean office optik orbit park partner planet plus praxis ' +
  'prime pro quantum rapid red river rock royal sakura sano schule service silver smart ' +
  'soft solar solutions sonne star stone studio sun system tech terra tokyo trade travel ' +
  'union unity valley verde vision wave web west wind wolf works zeta zentrum agro auto ' +
  'bau bio casa club consult design energie finanz food gastro hotel kraft labs logistik ' +
  'medic musik net reise sport steuer tour verlag vet wein yama kawa hana mori'
).split(' ');

const IDN_NAMES = ['müller-bau', 'bücher-stube', 'café-lumière', 'straße-und-bau', 'göteborgs-el'];

/** Country-code and generic TLDs (with their usual second level) weighted by mail volume. */
export const TLDS = new WeightedTable<string>([
  ['com', 34],
  ['net', 5],
  ['org', 4],
  ['edu', 1.5],
  ['gov', 0.5],
  ['io', 0.8],
  ['de', 9],
  ['fr', 3.5],
  ['co.uk', 4],
  ['it', 2.5],
  ['es', 2],
  ['nl', 2.5],
  ['pl', 1.8],
  ['ru', 2.2],
  ['se', 1],
  ['ch', 1.2],
  ['at', 1],
  ['be', 0.8],
  ['dk', 0.6],
  ['fi', 0.5],
  ['no', 0.5],
  ['cz', 0.6],
  ['pt', 0.5],
  ['ie', 0.3],
  ['gr', 0.3],
  ['hu', 0.3],
  ['ro', 0.4],
  ['co.jp', 1.5],
  ['jp', 0.8],
  ['cn', 0.8],
  ['com.cn', 0.4],
  ['co.kr', 0.6],
  ['kr', 0.3],
  ['com.au', 1.4],
  ['co.nz', 0.3],
  ['in', 0.9],
  ['co.in', 0.4],
  ['com.tw', 0.3],
  ['com.sg', 0.3],
  ['com.hk', 0.2],
  ['com.br', 1.2],
  ['br', 0.3],
  ['com.mx', 0.4],
  ['com.ar', 0.3],
  ['ca', 0.9],
  ['co.za', 0.4],
]);

/** A new second-level label such as `nordhaus24` or `blue-river`. */
export function domainLabel(random: Random): string {
  const first = random.pick(WORDS);
  const roll = random.float();
  if (roll < 0.35) return first + random.pick(WORDS);
  if (roll < 0.6) return `${first}-${random.pick(WORDS)}`;
  if (roll < 0.75) return first + random.between(1, 999);
  if (roll < 0.85) return `${first}${random.pick(WORDS)}-${random.pick(WORDS)}`;
  return first + random.pick(WORDS) + random.chars(DIGITS, 2);
}

export function idnLabel(random: Random): string {
  return random.pick(IDN_NAMES) + (random.chance(0.5) ? '' : String(random.between(2, 99)));
}

const FIRST = (
  'anna ben carla david eva felix greta hans ines jan julia karl lena lukas maria max nina ' +
  'olga paul rosa sara tom ulla vera yuki hiro mei wei jun min sofia lucas emma noah mia ' +
  'leon chloe pierre marco giulia pablo ana ivan olga piotr jakub'
).split(' ');
const LAST = (
  'schmidt mueller meyer weber wagner becker smith jones brown miller wilson martin bernard ' +
  'dubois rossi russo ferrari garcia lopez martinez kowalski nowak ivanov petrov tanaka sato ' +
  'suzuki kim lee park wang li zhang chen nguyen silva santos jensen hansen andersson nielsen'
).split(' ');
const ROLES = (
  'info sales support office kontakt contact admin billing hr jobs service team hello ' +
  'buchhaltung rechnung accounts orders newsletter postmaster webmaster'
).split(' ');

/** A realistic local part: `anna.schmidt`, `jsmith`, `info`, `m.rossi84`. */
export function localPart(random: Random): string {
  const roll = random.float();
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  if (roll < 0.35) return `${first}.${last}`;
  if (roll < 0.5) return first.charAt(0) + last;
  if (roll < 0.62) return random.pick(ROLES);
  if (roll < 0.75) return `${first}${last}${random.between(1, 99)}`;
  if (roll < 0.85) return `${first.charAt(0)}.${last}${random.between(60, 99)}`;
  if (roll < 0.93) return `${first}_${last}`;
  return `${first}${random.between(1970, 2008)}`;
}
