import { Controller, Get, Param, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { GetPartner360 } from '@channel-ledger/application/partner-360';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ReadYourWrites } from '../common/read-your-writes';
import { Answers } from '../openapi/decorators';
import { UuidParam } from '../common/uuid-param';

// Partner 360: the partner's profile, its KPI tiles (from the partner_kpis read model) and its tabs.
@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1/partners')
export class Partner360Controller {
  constructor(
    private readonly queries: QueryBus,
    private readonly freshness: ReadYourWrites,
  ) {}

  @Get(':partnerId/360')
  @Answers('Partner360')
  async partner360(@Param('partnerId', new UuidParam()) partnerId: string, @Req() request: AuthenticatedRequest) {
    await this.freshness.waitFor(request, ['partner_directory', 'partner_kpis', 'registrations', 'sales', 'cases', 'partnerships']);
    return this.queries.execute(new GetPartner360(partnerId, request.actor));
  }
}
