/** Quotes a string for a SQL string literal (file paths cannot be bound as COPY targets). */
export function sqlString(value: string): string {
  return value.replaceAll("'", "''");
}
