/**
 * Exit codes of every command. A run that completes but met bad input says so with
 * INPUT_PROBLEMS, so cron and CI can tell a clean night from one that needs a look.
 */
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  INPUT_PROBLEMS: 3,
  OUTPUT_FAILED: 4,
  BUSY: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the user can act on: its message is printed as is, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
