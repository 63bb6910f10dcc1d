import { parse } from 'tldts';

export interface DomainFacts {
  /** The domain under its public suffix (`example.co.uk`), or the name itself when it has none. */
  registrableDomain: string;
  /** The last label (`uk` for `example.co.uk`), which the report groups countries by. */
  tld: string;
}

const cache = new Map<string, DomainFacts>();
const CACHE_LIMIT = 200_000;

/** Registrable domain and TLD from the Public Suffix List (ICANN section); cached per name. */
export function domainFacts(name: string): DomainFacts {
  let facts = cache.get(name);
  if (facts === undefined) {
    facts = lookUp(name);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(name, facts);
  }
  return facts;
}

function lookUp(name: string): DomainFacts {
  const lastDot = name.lastIndexOf('.');
  const tld = lastDot < 0 ? name : name.slice(lastDot + 1);
  if (name.startsWith('[')) return { registrableDomain: name, tld: '' };
  const parsed = parse(name, { allowPrivateDomains: false });
  return { registrableDomain: parsed.domain ?? name, tld: parsed.isIp ? '' : tld };
}
