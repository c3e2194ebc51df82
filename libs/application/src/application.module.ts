import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateReader } from './aggregate-reader';
import { CommandRunner } from './command-runner';
import { CustomerClaims } from './customer-claims';
import { PartnerDirectory } from './partner-directory';
import { DEAL_REGISTRATIONS_HANDLERS } from './deal-registrations';
import { OPPORTUNITIES_HANDLERS } from './opportunities';
import { QUOTES_HANDLERS } from './quotes';
import { ORDERS_HANDLERS } from './orders';
import { PARTNERS_HANDLERS } from './partners';
import { PARTNERSHIPS_HANDLERS } from './partnerships';
import { PROGRAMS_HANDLERS } from './programs';
import { CASES_HANDLERS } from './cases';
import { WEBHOOKS_HANDLERS } from './webhooks';
import { OPS_HANDLERS } from './ops';
import { AUDIT_HANDLERS } from './audit';
import { PARTNER_360_HANDLERS } from './partner-360';
import { PIPELINE_HANDLERS } from './pipeline';
import { SESSION_HANDLERS } from './session';

// The application layer: every use case as a command or query handler on @nestjs/cqrs's buses, over the shared
// kernel (read, fold, authorize, decide, append) and the thin read repositories. Controllers dispatch; they
// read no stream and no table themselves.
@Module({})
export class ApplicationModule {
  static forRoot(): DynamicModule {
    const shared = [CommandRunner, AggregateReader, PartnerDirectory, CustomerClaims];
    const handlers = [
      ...DEAL_REGISTRATIONS_HANDLERS,
      ...OPPORTUNITIES_HANDLERS,
      ...QUOTES_HANDLERS,
      ...ORDERS_HANDLERS,
      ...PARTNERS_HANDLERS,
      ...PARTNERSHIPS_HANDLERS,
      ...PROGRAMS_HANDLERS,
      ...CASES_HANDLERS,
      ...WEBHOOKS_HANDLERS,
      ...OPS_HANDLERS,
      ...AUDIT_HANDLERS,
      ...PARTNER_360_HANDLERS,
      ...PIPELINE_HANDLERS,
      ...SESSION_HANDLERS,
    ];
    return { module: ApplicationModule, imports: [CqrsModule.forRoot()], providers: [...shared, ...handlers], exports: [CqrsModule, ...shared] };
  }
}
