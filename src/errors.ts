/** Where in an input a problem was found: file, and line and field where known. */
export interface InputLocation {
  file: string;
  line?: number;
  field?: string;
}

/** Base of every error whosbehind raises on purpose; anything else is a bug. */
export class WhosbehindError extends Error {
  /** Process exit code the CLI uses for this kind of error. */
  readonly exitCode: number = 1;
  /** HTTP status a server surface uses for this kind of error. */
  readonly httpStatus: number = 500;
}

/** Input that cannot be read as what it claims to be: names the file, line and field at fault. */
export class BadInputError extends WhosbehindError {
  override readonly exitCode = 3;
  override readonly httpStatus = 400;
  constructor(
    readonly where: InputLocation,
    readonly reason: string,
  ) {
    super(`${formatLocation(where)}: ${reason}`);
    this.name = 'BadInputError';
  }
}

/** A name, code or id that matches nothing; carries the closest matches when there are any. */
export class NotFoundError extends WhosbehindError {
  override readonly exitCode = 4;
  override readonly httpStatus = 404;
  constructor(
    message: string,
    readonly suggestions: readonly string[] = [],
  ) {
    super(suggestions.length ? `${message}\nClosest matches: ${suggestions.join('; ')}` : message);
    this.name = 'NotFoundError';
  }
}

/** The user asked for something the command does not do (bad flag, refused statement). */
export class UsageError extends WhosbehindError {
  override readonly exitCode = 2;
  override readonly httpStatus = 400;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A broken invariant inside whosbehind itself. */
export class InternalError extends WhosbehindError {
  override readonly exitCode = 70;
  override readonly httpStatus = 500;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

/** "file", "file line 12", "file line 12, field action_date". */
export function formatLocation(where: InputLocation): string {
  let s = where.file;
  if (where.line !== undefined) s += ` line ${where.line}`;
  if (where.field !== undefined) s += `, field ${where.field}`;
  return s;
}

/** A remote source (the USAspending API or a mirror) failed or misbehaved; says what was asked and what came back. */
export class FetchError extends WhosbehindError {
  override readonly exitCode = 5;
  override readonly httpStatus = 502;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FetchError';
  }
}

/** The store is held by another process in a way this one cannot share; says which process and what to do. */
export class StoreBusyError extends WhosbehindError {
  override readonly exitCode = 75;
  override readonly httpStatus = 503;
  constructor(message: string) {
    super(message);
    this.name = 'StoreBusyError';
  }
}
