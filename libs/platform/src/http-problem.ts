// Errors the HTTP layer raises itself; the exception filter maps each to its status.
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    // The request fields at fault, in the shape validation errors use.
    readonly fields?: { field: string; reason: string }[],
  ) {
    // An answer the API chose to give, not a fault: nobody reads where it was raised, and capturing the stack would
    // be the most expensive part of a refusal (a request without a token, say).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'HttpProblem';
  }
}

export const unauthorized = (code: string, message: string) => new HttpProblem(401, code, message, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (message: string) => new HttpProblem(403, 'forbidden', message);
export const preconditionFailed = (message: string) => new HttpProblem(412, 'stale_version', message);

// U+0000 (PostgreSQL text and jsonb cannot hold it) and a UTF-16 surrogate without its pair (jsonb refuses it,
// and the validators that encode strings throw on it).
export const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
