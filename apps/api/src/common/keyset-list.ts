// The keyset list query lives in the application layer, where the read repositories use it.
export * from '@channel-ledger/application/keyset-list';
