import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { NextFunction, Request, Response, Router } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { StreamReadsInterceptor } from './common/stream-reads.interceptor';
import { HttpProblem, Platform, PlatformModule } from '@channel-ledger/platform';
import { HealthModule } from './health/health.module';
import { Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { ApplicationModule } from '@channel-ledger/application';
import { CommandResponseInterceptor } from './common/command-response.interceptor';
import { ProblemFilter } from './common/exception.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { jsonBody } from './common/json-body';
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
import { DASHBOARD_PATH, QueueDashboard } from './ops/queue-dashboard';

// The app's pino logger (common/request-log.ts), for main.ts to flush before it prints beside it.
export const APP_LOGGER = Symbol('app logger');

// A request whose Expect header asks for something other than 100-continue (marked by create-app.ts): 417.
function refuseUnmetExpectation(req: Request & { unmetExpectation?: string }, res: Response, next: NextFunction): void {
  if (req.unmetExpectation === undefined) return next();
  // The body is not read: the connection closes after the answer.
  res.setHeader('Connection', 'close');
  next(new HttpProblem(417, 'expectation_failed', 'the only expectation this server meets is Expect: 100-continue', undefined, [{ field: 'Expect', reason: `"${req.unmetExpectation.slice(0, 40)}" cannot be met` }]));
}

@Module({})
export class AppModule implements NestModule {
  constructor(private readonly dashboard: QueueDashboard) {}

  // The body parser runs after the request logger, so a refused body is logged and answered with its request id.
  configure(consumer: MiddlewareConsumer): void {
    // The job dashboard (its own HTML and form login) is mounted here too, after the request logger and before the
    // JSON body parser, so its requests are logged and answered with a request id like every other.
    consumer.apply(refuseUnmetExpectation, Router().use(DASHBOARD_PATH, this.dashboard.router()), jsonBody()).forRoutes({ path: '*', method: RequestMethod.ALL });
  }

  static forRoot(platform: Platform, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(platform),
        ApplicationModule.forRoot(),
        // The request logger itself is the app's first middleware (create-app.ts); Nest's logger writes through the
        // same pino logger, in the request's context.
        LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true }),
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
      ],
      providers: [
        { provide: APP_LOGGER, useValue: logger },
        ReadYourWrites,
        ProjectorHost,
        QueueDashboard,
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
