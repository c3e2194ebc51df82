export default async function globalTeardown(): Promise<void> {
  for (const service of globalThis.__CHANNEL_LEDGER_TEST_SERVICES__ ?? []) await service.stop?.();
}
