// `2026-03-01T10:15:00Z`, `2026-03-01T11:15:00.250+01:00`: an offset is required, as RFC 3339 asks.
const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:[Zz]|([+-])(\d\d):(\d\d))$/;

/** UTC milliseconds of an RFC 3339 time with an offset, or null when it is not one. */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const part = (i: number): number => Number(m[i] ?? '0');
  const [year, month, day, hour, minute, second] = [
    part(1),
    part(2),
    part(3),
    part(4),
    part(5),
    part(6),
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // Second 60 is a leap second; Date.UTC carries it into the next minute.
  if (hour > 23 || minute > 59 || second > 60) return null;

  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetHours = part(9);
  const offsetMins = part(10);
  if (offsetHours > 23 || offsetMins > 59) return null;
  const offsetMinutes = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
