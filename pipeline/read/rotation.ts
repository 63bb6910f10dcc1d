/** A calendar date written in a file name, as logrotate's `dateext` writes it. */
export interface NameDate {
  year: number;
  month: number;
  day: number;
}

/** What a log file's name says about its place in a rotated set. */
export interface RotationName {
  /** The live file's name, shared by the whole set: `mail.log` for `mail.log.2.gz`. */
  baseName: string;
  /** `mail.log.3.zst` → 3; 0 for the live file and for dated names. */
  rotation: number;
  /** True for a numbered name, even `mail.log.0`, so it sorts before the live file. */
  numbered: boolean;
  nameDate: NameDate | null;
}

const COMPRESSION_SUFFIX = /\.(?:gz|zst|zstd)$/;
const NUMBERED = /^(.+)\.(\d{1,4})$/;
// `maillog-20261201`, and `mail-20261201.log` from logrotate's `extension` option.
const DATED = /^(.+?)[-._](\d{4})(\d{2})(\d{2})(\.[A-Za-z]\w*)?$/;

export function rotationName(fileName: string): RotationName {
  const name = fileName.replace(COMPRESSION_SUFFIX, '');

  const dated = DATED.exec(name);
  if (dated) {
    const [, base = '', year = '', month = '', day = '', extension = ''] = dated;
    const nameDate = calendarDate(Number(year), Number(month), Number(day));
    if (nameDate) return { baseName: base + extension, rotation: 0, numbered: false, nameDate };
  }

  const numbered = NUMBERED.exec(name);
  if (numbered) {
    const [, base = '', rotation = ''] = numbered;
    return { baseName: base, rotation: Number(rotation), numbered: true, nameDate: null };
  }
  return { baseName: name, rotation: 0, numbered: false, nameDate: null };
}

/**
 * Orders the files of one set oldest first: numbered names by falling number, then dated names
 * by date, then the live file. A set holding both kinds was numbered before it was dated, the
 * usual direction of that change of logrotate configuration.
 */
export function compareAge(a: RotationName, b: RotationName): number {
  const group = ageGroup(a) - ageGroup(b);
  if (group !== 0) return group;
  if (a.nameDate && b.nameDate) return dateNumber(a.nameDate) - dateNumber(b.nameDate);
  return b.rotation - a.rotation;
}

function ageGroup(name: RotationName): number {
  if (name.numbered) return 0;
  return name.nameDate ? 1 : 2;
}

function dateNumber(date: NameDate): number {
  return date.year * 10_000 + date.month * 100 + date.day;
}

/** The date, or null when the digits name no day of the calendar (then it is not a date). */
function calendarDate(year: number, month: number, day: number): NameDate | null {
  if (year < 1970 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth ? { year, month, day } : null;
}
