// The rules of the headers the API reads, in one place: the code checks them, and the OpenAPI document states them
// (openapi/http.ts takes each pattern's source).

// X-Request-Id and X-Correlation-Id: a value outside it is replaced by a new id, not refused.
export const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// Idempotency-Key: 1 to 255 visible ASCII characters.
export const IDEMPOTENCY_KEY = /^[!-~]{1,255}$/;
// If-Match: the version, bare, quoted or as a weak ETag.
export const IF_MATCH = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/;
