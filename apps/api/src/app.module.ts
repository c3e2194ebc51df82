import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { StreamReadsInterceptor } from './common/stream-reads.interceptor';
import { Platform, PlatformModule } from '@channel-ledger/platform';
import { HealthModule } from './health/health.module';
import { Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { ApplicationModule } from '@channel-ledger/application';
import { CommandResponseInterceptor } from './common/command-response.interceptor';
import { ProblemFilter } from './common/exception.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { RouteMethods } from './common/route-methods';
import { validationPipe } from './common/validation';
import { DealRegistrationsController } from './deal-registrations/deal-registrations.controller';
import { PartnersController } from './partners/partners.controller';
import { PartnershipsController } from './partnerships/partnerships.controller';
import { ProgramsController } from './programs/programs.controller';
import { OpportunitiesController } from './opportunities/opportunities.controller';
import { QuotesController } from './quotes/quotes.controller';
import { OrdersController } from './orders/orders.controller';
import { CasesController } from './cases/cases.controller';
import { ReadYourWrites } from './common/read-your-writes';
import { ProjectorHost } from './projector-host';
import { DealRegistrationQueries } from './deal-registrations/deal-registrations.queries';
import { PartnerQueries } from './partners/partners.queries';
import { MetricsController } from './metrics/metrics.controller';
import { SalesQueries } from './opportunities/sales.queries';
import { CaseQueries } from './cases/cases.queries';
import { Partner360Controller } from './partners/partner-360.controller';
import { PipelineQueryController } from './pipeline/pipeline.query';
import { AuditController } from './audit/audit.controller';
import { OpsController } from './ops/ops.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { QueueDashboard } from './ops/queue-dashboard';
import { SessionController } from './session/session.controller';
import { DemoPersonas } from './session/demo-personas';
import { OperationRoles } from './session/operation-roles';

// The app's pino logger (common/request-log.ts), for main.ts to flush before it prints beside it.
export const APP_LOGGER = Symbol('app logger');

@Module({})
export class AppModule implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  // Every route, hook and handler is in by now: the server is ready for requests once init() returns, whether the
  // app then listens or a test sends requests to its server.
  async onApplicationBootstrap(): Promise<void> {
    await this.adapterHost.httpAdapter.getInstance<FastifyInstance>().ready();
  }

  static forRoot(platform: Platform, logger: Logger, routes: RouteMethods): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(platform),
        ApplicationModule.forRoot(),
        // Requests are logged by the server's front, before the framework (common/request-log.ts); Nest's logger writes
        // through the same pino logger, and needs no middleware of its own.
        LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true, forRoutes: [] }),
        HealthModule,
      ],
      controllers: [
        ProgramsController,
        PartnersController,
        PartnershipsController,
        DealRegistrationsController,
        OpportunitiesController,
        QuotesController,
        OrdersController,
        CasesController,
        DealRegistrationQueries,
        PartnerQueries,
        MetricsController,
        SalesQueries,
        CaseQueries,
        Partner360Controller,
        PipelineQueryController,
        AuditController,
        OpsController,
        WebhooksController,
        SessionController,
      ],
      providers: [
        { provide: APP_LOGGER, useValue: logger },
        { provide: RouteMethods, useValue: routes },
        ReadYourWrites,
        ProjectorHost,
        QueueDashboard,
        DemoPersonas,
        OperationRoles,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
        // Order matters: the idempotency check wraps the whole command, the ETag is set on its answer.
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: CommandResponseInterceptor },
        // Innermost: the handler itself runs with the request's stream reads.
        { provide: APP_INTERCEPTOR, useClass: StreamReadsInterceptor },
      ],
    };
  }
}
