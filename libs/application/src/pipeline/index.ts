import { Provider } from '@nestjs/common';
import { PipelineReadRepository } from './pipeline.read-repository';
import { GetPipeline, GetPipelineHandler } from './queries/get-pipeline';

export { GetPipeline };
export type { Pipeline, PipelineGroup } from './queries/get-pipeline';
export type { PipelineGroupBy } from './pipeline.read-repository';

// The command and query handlers of pipeline: one use case a file, under commands/ or queries/.
export const PIPELINE_HANDLERS: Provider[] = [PipelineReadRepository, GetPipelineHandler];
