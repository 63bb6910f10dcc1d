const ADDRESS = /[^\s<>"',;:()[\]]+@(?=[A-Za-z0-9[])/g;

/** Masks the local part of every address in `text`: `<jane@example.com>` → `<…@example.com>`. */
export function maskLocalParts(text: string): string {
  return text.replace(ADDRESS, '…@');
}
