import type { Program as ProgramState } from '@channel-ledger/domain';

// GET /v1/programs/:programId: programs are published terms, read whole by every signed-in user.
export type Program = Exclude<ProgramState, { status: 'none' }> & { version: number };
