import type { LogLevel } from './config.js';

/** Structured JSON lines on stdout: one object per event, easy to ship and grep. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const at =
    (name: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (RANK[name] < RANK[level]) return;
      write(
        JSON.stringify({ time: new Date().toISOString(), level: name, message, ...fields }, errorReplacer),
      );
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Errors serialise to their name, message, code, stack and cause (JSON.stringify drops them otherwise). */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const { code } = value as { code?: unknown };
    return { name: value.name, message: value.message, code, stack: value.stack, cause: value.cause };
  }
  return value;
}

export const silentLogger: Logger = createLogger('silent');
