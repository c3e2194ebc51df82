import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { QueryBus } from '@nestjs/cqrs';
import { GetCallerIdentity } from '@channel-ledger/application/session';
import { AuthenticatedRequest, Public } from '../auth/auth.guard';
import { Answers } from '../openapi/decorators';
import { DemoPersonas, isLocalRequest } from './demo-personas';
import { OperationRoles } from './operation-roles';
import { CurrentUser, DemoPersonaList } from './session.responses';

// Who the caller is and what it may do, for a client to sign in with and to show only the controls it may use.
@ApiTags('session')
@Controller('v1')
export class SessionController {
  constructor(
    private readonly queries: QueryBus,
    private readonly operations: OperationRoles,
    private readonly personas: DemoPersonas,
  ) {}

  @Get('me')
  @ApiBearerAuth()
  @Answers('CurrentUser')
  @ApiOperation({
    summary: 'The caller: its roles now, its organisation, and the operations those roles allow',
    description: 'For partner staff the roles and the organisation come from the log (the guard has checked that the member is active there).',
  })
  async me(@Req() request: AuthenticatedRequest): Promise<CurrentUser> {
    const actor = request.actor;
    const { name: memberName, partner } = await this.queries.execute(new GetCallerIdentity(actor));
    // Partner staff are named by their partner's staff list; enterprise users by their token, if it names them.
    const name = actor.kind === 'partner' ? memberName : (actor.name ?? null);
    return { subject: actor.userId, kind: actor.kind, roles: [...actor.roles], name, partner, operations: this.operations.allowedTo(actor.roles) };
  }

  @Get('demo-personas')
  @Public()
  @Answers('DemoPersonaList')
  @ApiOperation({
    summary: 'The demo users of the embedded default and their tokens, for a sign-in page on this machine',
    description: 'Empty unless the service runs on the embedded default with its demo data (DemoPersonas is set by the start-up only there) and the request comes from a browser on this machine: a loopback peer, not passed on by a proxy, asking by a local name (localhost, 127.0.0.1, [::1]) and not from another site\'s page.',
  })
  demoPersonas(@Req() request: FastifyRequest): DemoPersonaList {
    return { items: isLocalRequest(request.socket.remoteAddress, request.headers) ? this.personas.list() : [] };
  }
}
