import { ArgumentMetadata, BadRequestException, HttpException, ValidationError, ValidationPipe, applyDecorators } from '@nestjs/common';
import { UNSTORABLE } from '@channel-ledger/platform';
import { IsISO8601, Matches, ValidateBy } from 'class-validator';

export interface FieldProblem {
  field: string;
  reason: string;
}

// class-validator's messages start with the property's name ("groupBy must be one of ...", "property foo should
// not exist", "each value in tags must be ..."); the field already names it, so the reason starts after it.
export function reasonOf(property: string, message: string): string {
  for (const prefix of [`${property} `, `property ${property} `]) {
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  }
  const each = `each value in ${property} `;
  return message.startsWith(each) ? `each value ${message.slice(each.length)}` : message;
}

export function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, reason: reasonOf(error.property, message) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

// Required text: at least one character that is not white space ("   " is no name, no reason, no subject).
export const IsNotBlank = (options: { each?: boolean } = {}) => Matches(/\S/, { ...options, message: options.each ? 'each value in $property must not be blank' : '$property must not be blank' });

// RFC 3339 dates and date-times only. ISO 8601 also allows week dates, ordinal dates and basic forms that Date
// cannot read (a 500 where the value is converted) and signed years that Date misreads; a time without an offset
// would mean whatever the server's time zone says. The ISO check after it refuses impossible days (2027-02-30).
const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
// The instant must fall in years 0001-9999 once its offset is applied (9999-12-31T23:59:59-23:59 is in year 10000,
// which no stored value or cursor of ours can spell).
export const IsDateOrDateTime = () =>
  applyDecorators(
    Matches(DATE_OR_DATE_TIME, { message: '$property must be a date (2027-03-31) or a date-time with an offset (2027-03-31T12:00:00Z)' }),
    IsISO8601({ strict: true }),
    ValidateBy({
      name: 'withinYears',
      validator: {
        validate: (value: unknown) => {
          const at = typeof value === 'string' ? Date.parse(value) : NaN;
          const year = Number.isFinite(at) ? new Date(at).getUTCFullYear() : NaN;
          return year >= 1 && year <= 9999;
        },
        defaultMessage: () => '$property must fall in the years 0001 to 9999',
      },
    }),
  );

export class ValidationFailed extends BadRequestException {
  constructor(readonly fields: FieldProblem[]) {
    super(`the request is not valid: ${fields.map((f) => `${f.field} ${f.reason}`).join('; ').slice(0, 500)}`);
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// The embedding, override and isolate controls of the bidirectional algorithm: a name or a reason holding one can
// read differently from what it is ("gnp.exe" shown as "exe.png"), and nothing a user types needs them.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

function stringProblem(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (found) return found[0] === '\u0000' ? 'must not contain a NUL character (U+0000)' : 'must not contain an unpaired UTF-16 surrogate';
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) return `must not contain a bidirectional control character (U+${bidi[0].charCodeAt(0).toString(16).toUpperCase()}): it makes text read differently from what it is`;
  return undefined;
}

// One walk over a parsed input (a body, a query, route parameters) for what no field may hold, each problem with
// its path: "__proto__"/"constructor"/"prototype" keys (JSON.parse keeps them as ordinary keys; the object mapping
// would drop them quietly, so a probe for prototype pollution gets a plain 400 instead), and strings or keys that
// cannot be stored or validated. The body parser has already bounded the depth; the bound here is a backstop.
export function inputProblems(value: unknown, path = '', depth = 0): FieldProblem[] {
  if (typeof value === 'string') {
    const reason = stringProblem(value);
    return reason ? [{ field: path || 'body', reason }] : [];
  }
  if (depth > 64 || value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (Array.isArray(value)) return inputProblems(value[Number(key)], field, depth + 1);
    if (FORBIDDEN_KEYS.has(key)) return [{ field, reason: 'is not an allowed property name' }];
    const keyReason = stringProblem(key);
    if (keyReason) return [{ field: JSON.stringify(field).slice(1, -1), reason: `property name ${keyReason}` }];
    return inputProblems((value as Record<string, unknown>)[key], field, depth + 1);
  });
}

class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Bodies were walked by the body parser already (before anything read them); queries and route parameters
    // are walked here.
    if (metadata.type === 'query' || metadata.type === 'param') {
      const problems = inputProblems(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problems.length > 0) throw new ValidationFailed(problems);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // A validator that throws (instead of saying "invalid") was handed input it cannot read: that is bad input,
      // not a failure of ours.
      throw new ValidationFailed([{ field: metadata.data ?? metadata.type, reason: 'could not be validated' }]);
    }
  }
}

// Unknown fields are refused, not silently dropped: a client that misspells a field hears about it.
export function validationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}
