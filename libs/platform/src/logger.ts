import pino from 'pino';
import { AppConfig } from '@channel-ledger/config';

// Start-up and process-level lines, in the same JSON shape as the request logs.
export function processLogger(config: Pick<AppConfig, 'logLevel'>, name: string): (line: string) => void {
  const logger = pino({ level: config.logLevel, base: { pid: process.pid, app: name } });
  return (line) => logger.info(line);
}
