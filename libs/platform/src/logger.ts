import pino from 'pino';
import { AppConfig } from '@channel-ledger/config';

export interface ProcessLogger {
  (line: string): void;
  // Resolves once every line so far is written out (pino writes in the background): before plain text goes to
  // stdout, so it comes after the lines logged before it.
  flush(): Promise<void>;
}

// Start-up and process-level lines, in the same JSON shape as the request logs.
export function processLogger(config: Pick<AppConfig, 'logLevel'>, name: string): ProcessLogger {
  // Written synchronously: these few lines keep their order with each other and with the text printed beside them,
  // up to the last one before the process exits.
  const logger = pino({ level: config.logLevel, base: { pid: process.pid, app: name } }, pino.destination({ dest: 1, sync: true }));
  return Object.assign((line: string) => logger.info(line), { flush: () => flushed(logger) });
}

export function flushed(logger: pino.Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
