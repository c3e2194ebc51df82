import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response, Router } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { Platform, PlatformModule } from '@channel-ledger/platform';
import { HealthModule } from './health/health.module';
import { DEMO_SEED_HEADER, isStartupRequest } from './demo/request-log';
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

const NEST_START_UP = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// An Express router at `path`, as app.use(path, router) mounts it (the path stripped from the URL while it runs), in
// the module's middleware chain; other requests pass by.
function mounted(path: string, router: Router) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const url = req.url;
    if (url !== path && !url.startsWith(`${path}/`) && !url.startsWith(`${path}?`)) return next();
    const baseUrl = req.baseUrl;
    req.baseUrl = path;
    req.url = url.slice(path.length) || '/';
    if (req.url.startsWith('?')) req.url = `/${req.url}`;
    router(req, res, (error?: unknown) => {
      req.url = url;
      req.baseUrl = baseUrl;
      next(error);
    });
  };
}

@Module({})
export class AppModule implements NestModule {
  constructor(private readonly dashboard: QueueDashboard) {}

  // The body parser runs after the request logger, so a refused body is logged and answered with its request id.
  configure(consumer: MiddlewareConsumer): void {
    // The job dashboard (its own HTML and form login) is mounted here too, after the request logger and before the
    // JSON body parser, so its requests are logged and answered with a request id like every other.
    consumer.apply(mounted(DASHBOARD_PATH, this.dashboard.router()), jsonBody()).forRoutes({ path: '*', method: RequestMethod.ALL });
  }

  static forRoot(platform: Platform): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(platform),
        ApplicationModule.forRoot(),
        LoggerModule.forRoot({
          pinoHttp: {
            level: platform.config.logLevel,
            // A caller's X-Request-Id is kept when it is sane; otherwise one is made. Either way it is echoed back.
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', `req.headers["${DEMO_SEED_HEADER}"]`], censor: '[redacted]' },
            // Nest announces every module, every route and its own start at info: start-up detail that buries what a
            // start has to say. Those lines go to debug (LOG_LEVEL=debug shows them); every other line keeps its level.
            hooks: {
              logMethod(args, method, level) {
                const first: unknown = args[0];
                const context = typeof first === 'object' && first !== null && 'context' in first ? first.context : undefined;
                if (level === 30 && typeof context === 'string' && NEST_START_UP.has(context)) return this.debug.apply(this, args);
                return method.apply(this, args);
              },
            },
            // A 503 is an answer we chose (a dependency down, read models not there yet, with Retry-After), not a fault.
            // The start-up's own requests (demo seeding, readiness probes while starting) go to debug.
            customLogLevel: (req, res, error) => (isStartupRequest(req, res, error) ? 'debug' : res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
          },
        }),
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
        ReadYourWrites,
        ProjectorHost,
        QueueDashboard,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
        // Order matters: the idempotency check wraps the whole command, the ETag is set on its answer.
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: CommandResponseInterceptor },
      ],
    };
  }
}
