// GET /health (Terminus' report): 200 with status ok or degraded, 503 with status error.
export interface HealthReport {
  status: 'ok' | 'degraded' | 'error' | 'shutting_down';
  info?: { [dependency: string]: { status: 'up' | 'down'; [detail: string]: unknown } };
  error?: { [dependency: string]: { status: 'up' | 'down'; [detail: string]: unknown } };
  details: { [dependency: string]: { status: 'up' | 'down'; [detail: string]: unknown } };
}
