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
    super(message);
    this.name = 'HttpProblem';
  }
}

export const unauthorized = (code: string, message: string) => new HttpProblem(401, code, message, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (message: string) => new HttpProblem(403, 'forbidden', message);
export const preconditionFailed = (message: string) => new HttpProblem(412, 'stale_version', message);
