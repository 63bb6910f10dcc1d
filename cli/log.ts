/**
 * Where commands report progress: one line per unit of work to stderr, or one JSON object per
 * line with `--json`, or only warnings and errors with `--quiet`. Pipeline code receives a Log
 * and never writes to the console itself.
 */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LogOptions {
  quiet?: boolean;
  json?: boolean;
}

export function createLog(
  options: LogOptions,
  write: (text: string) => void = (t) => process.stderr.write(t),
): Log {
  const emit = (level: string, message: string, fields?: Record<string, unknown>): void => {
    if (options.json) {
      write(JSON.stringify({ level, message, ...fields }) + '\n');
    } else {
      write((level === 'info' ? '' : `${level}: `) + terminalSafe(message) + '\n');
    }
  };
  return {
    info: (m, f) => {
      if (!options.quiet) emit('info', m, f);
    },
    warn: (m, f) => emit('warning', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** A log that keeps its lines, for tests. */
export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

/** Replaces control characters (terminal escapes among them) with visible `\xNN` escapes. */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
  });
}
