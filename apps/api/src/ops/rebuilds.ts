// The rebuild job queue belongs to the StartRebuild handler in the application layer, which opens it on the
// first rebuild; the API module's own instance under this name is never asked for one, so it stays idle.
export { RebuildQueue as Rebuilds } from '@channel-ledger/application/ops';
