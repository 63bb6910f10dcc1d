// An address is a run of characters without these, holding an `@` before the start of a domain;
// `'` is not one of them, as in `o'neil@example.com`.
const SEPARATOR = /[\s<>",;:()[\]]/;
const DOMAIN_START = /[A-Za-z0-9[]/;

/**
 * Masks the local part of every address in `text`: `<jane@example.com>` → `<…@example.com>`,
 * `"jane doe"@example.com` → `…@example.com`. Everything up to the last `@` of an address goes.
 * One pass over the text: a regular expression for this backtracks quadratically over long runs
 * without separators.
 */
export function maskLocalParts(text: string): string {
  if (!text.includes('@')) return text;
  let masked = '';
  let copied = 0;
  let runStart = -1;
  let lastAt = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c !== undefined && !SEPARATOR.test(c)) {
      if (runStart < 0) {
        runStart = i;
        lastAt = -1;
      }
      if (c === '@' && i > runStart && DOMAIN_START.test(text[i + 1] ?? '')) lastAt = i;
      continue;
    }
    if (runStart >= 0 && lastAt >= 0) {
      masked += text.slice(copied, runStart) + '…@';
      copied = lastAt + 1;
    }
    runStart = -1;

    if (c === '"' && text[i - 1] !== '\\') {
      // A quoted local part, `"jane doe"@example.com`, may hold separators and `@`.
      const close = closingQuote(text, i + 1);
      if (close >= 0 && text[close + 1] === '@' && DOMAIN_START.test(text[close + 2] ?? '')) {
        masked += text.slice(copied, i) + '…@';
        copied = close + 2;
        i = close + 1;
      }
    }
  }
  return masked + text.slice(copied);
}

/** The `"` that closes a quoted string whose text starts at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}
