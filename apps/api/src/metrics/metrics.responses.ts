// GET /metrics: Prometheus text.
export type Metrics = string;
