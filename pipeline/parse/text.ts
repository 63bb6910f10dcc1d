/**
 * Verification texts are stored with every delivery of their session, so one long line would be
 * copied into thousands of rows: past this many characters a text is cut. Real ones are short.
 */
export const MAX_VERIFY_TEXT_CHARS = 1000;

/** `text` cut to at most `max` UTF-16 code units, never inside a surrogate pair. */
export function cutText(text: string, max = MAX_VERIFY_TEXT_CHARS): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
