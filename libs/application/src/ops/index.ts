import { Provider } from '@nestjs/common';
import { OpsReadRepository } from './ops.read-repository';
import { RebuildQueue } from './rebuild-queue';
import { StartRebuild, StartRebuildHandler } from './commands/start-rebuild';
import { GetRebuild, GetRebuildHandler } from './queries/get-rebuild';
import { ListProjections, ListProjectionsHandler } from './queries/list-projections';

export { RebuildQueue, StartRebuild, GetRebuild, ListProjections };

// The command and query handlers of ops: one use case a file, under commands/ or queries/.
export const OPS_HANDLERS: Provider[] = [
  OpsReadRepository,
  RebuildQueue,
  StartRebuildHandler,
  GetRebuildHandler,
  ListProjectionsHandler,
];
