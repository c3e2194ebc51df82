import { NewEvent } from '@channel-ledger/event-store';
import {
  CaseCommand,
  DEFAULT_CASE_SLA,
  DEFAULT_DEAL_REGISTRATION_RULES,
  Decider,
  OpportunityCommand,
  OrderCommand,
  PartnerCommand,
  PartnershipCommand,
  ProgramCommand,
  QuoteCommand,
  RegistrationCommand,
  TIERS,
  Tier,
  caseDecider,
  caseStream,
  opportunityDecider,
  opportunityStream,
  orderDecider,
  orderStream,
  partnerDecider,
  partnerStream,
  partnershipDecider,
  partnershipStream,
  programDecider,
  programStream,
  quoteDecider,
  quoteStream,
  registrationDecider,
  registrationStream,
} from '@channel-ledger/domain';

// A deterministic synthetic PRM: partners in hierarchies, programs, staff, partnerships, and deals that go
// through their lifecycles (with conflicts) into opportunities, quotes and orders, plus partner cases. Every
// event comes out of the real deciders, so the data is what the API would have written.

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16], 16) & 3) | 8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

export interface Stream {
  streamId: string;
  events: NewEvent[];
}

// Runs commands through a decider, collecting the events with metadata as the command runner writes them.
function run<C extends { now: string }, E extends { type: string; data: unknown }, S>(
  rnd: Random,
  decider: Decider<C, E, S>,
  streamId: string,
  commands: { command: C; actor: { userId: string; role: string; partnerId?: string } }[],
): Stream {
  let state = decider.initialState;
  const events: NewEvent[] = [];
  for (const { command, actor } of commands) {
    const decided = decider.decide(command, state);
    const correlationId = rnd.uuid();
    for (const event of decided) {
      state = decider.evolve(state, event);
      events.push({ id: rnd.uuid(), type: event.type, data: event.data, metadata: { schemaVersion: 1, occurredAt: command.now, actor, correlationId, causationId: correlationId } });
    }
  }
  return { streamId, events };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'NL', 'ES', 'IT', 'SE', 'PL', 'JP'];
const INDUSTRIES = ['software', 'manufacturing', 'retail', 'finance', 'health', 'logistics'];
const PRODUCTS = ['ledger-core', 'ledger-analytics', 'ledger-connect', 'ledger-vault', 'support-premium', 'training'];

export interface GeneratedWorld {
  programs: { programId: string }[];
  partners: { partnerId: string; parentId: string | null; managerId: string; associateId: string; programIds: string[] }[];
}

export interface GenerateOptions {
  events: number;
  seed: number;
  partners: number;
  programs: number;
  // Concurrent appenders.
  writers: number;
  // Wall-clock start of the simulated history.
  start: Date;
  onProgress?: (events: number) => void;
}

// Where the streams go: our event store, or a peer's, appended whole, one call per stream.
export type StreamSink = (stream: Stream) => Promise<void>;

export async function generate(sink: StreamSink, options: GenerateOptions): Promise<{ events: number; streams: number; world: GeneratedWorld }> {
  const rnd = new Random(options.seed);
  const enterprise = { userId: 'bench-channel-manager', role: 'channel_manager' };
  const approver = { userId: 'bench-approver', role: 'approver' };
  const t0 = options.start.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  let written = 0;
  let streams = 0;

  // Appends whole streams, `writers` at a time.
  const queue: Stream[] = [];
  const flush = async () => {
    const batch = queue.splice(0, queue.length);
    let i = 0;
    await Promise.all(
      Array.from({ length: options.writers }, async () => {
        while (i < batch.length) {
          const s = batch[i++];
          await sink(s);
          written += s.events.length;
          streams += 1;
        }
      }),
    );
    options.onProgress?.(written);
  };
  const emit = async (s: Stream) => {
    queue.push(s);
    if (queue.length >= options.writers * 16) await flush();
  };
  const pending = () => queue.reduce((n, s) => n + s.events.length, 0);

  // Programs.
  const world: GeneratedWorld = { programs: [], partners: [] };
  for (let p = 0; p < options.programs; p++) {
    const programId = rnd.uuid();
    const commands: { command: ProgramCommand; actor: typeof enterprise }[] = [
      {
        command: {
          type: 'CreateProgram',
          data: {
            programId,
            name: `Program ${p + 1}`,
            tiers: TIERS.map((name, rank) => ({ name, rank: rank + 1, benefits: [`${20 - rank * 4}% discount`], requirements: [] })),
            rules: { ...DEFAULT_DEAL_REGISTRATION_RULES, minimumDealSize: { amountMinor: 100_000, currency: 'EUR' } },
          },
          now: iso(t0),
        },
        actor: enterprise,
      },
    ];
    await emit(run(rnd, programDecider as Decider<ProgramCommand, any, any>, programStream(programId), commands));
    world.programs.push({ programId });
  }

  // Partners in hierarchies: a fifth are roots, the rest hang under an earlier partner (depth up to 3).
  const depth = new Map<string, number>();
  for (let i = 0; i < options.partners; i++) {
    const partnerId = rnd.uuid();
    const candidates = world.partners.filter((p) => (depth.get(p.partnerId) ?? 0) < 2);
    const parent = i < options.partners / 5 || candidates.length === 0 ? null : rnd.pick(candidates);
    depth.set(partnerId, parent ? (depth.get(parent.partnerId) ?? 0) + 1 : 0);
    const managerId = rnd.uuid();
    const associateId = rnd.uuid();
    const spareId = rnd.uuid();
    const at = t0 + i * HOUR;
    const name = `Partner ${i + 1}`;
    const commands: { command: PartnerCommand; actor: typeof enterprise }[] = [
      {
        command: {
          type: 'RegisterPartner',
          data: { partnerId, name, webDomain: `partner-${i + 1}.example`, country: rnd.pick(COUNTRIES), industry: rnd.pick(INDUSTRIES), partnerType: 'reseller', tier: rnd.pick(TIERS), parentId: parent?.partnerId ?? null },
          now: iso(at),
        },
        actor: enterprise,
      },
      { command: { type: 'RegisterStaffMember', data: { memberId: managerId, name: `Manager ${i + 1}`, email: `manager@partner-${i + 1}.example`, role: 'partner_manager' }, now: iso(at + 60_000) }, actor: enterprise },
      { command: { type: 'RegisterStaffMember', data: { memberId: associateId, name: `Associate ${i + 1}`, email: `associate@partner-${i + 1}.example`, role: 'partner_associate' }, now: iso(at + 120_000) }, actor: enterprise },
      { command: { type: 'RegisterStaffMember', data: { memberId: spareId, name: `Seller ${i + 1}`, email: `seller@partner-${i + 1}.example`, role: 'partner_associate' }, now: iso(at + 180_000) }, actor: enterprise },
      { command: { type: 'SetPointOfContact', data: { memberId: managerId }, now: iso(at + 240_000) }, actor: enterprise },
    ];
    await emit(run(rnd, partnerDecider as Decider<PartnerCommand, any, any>, partnerStream(partnerId), commands));
    const programIds = [rnd.pick(world.programs).programId];
    if (rnd.chance(0.4)) {
      const second = rnd.pick(world.programs).programId;
      if (second !== programIds[0]) programIds.push(second);
    }
    for (const programId of programIds) {
      const tier: Tier = rnd.pick(TIERS);
      const partnership: { command: PartnershipCommand; actor: typeof enterprise }[] = [
        { command: { type: 'StartPartnership', data: { partnerId, programId, tier, terms: 'Reseller agreement v3', startDate: iso(at).slice(0, 10) }, context: { partnerExists: true, programActive: true, programTiers: [...TIERS] }, now: iso(at + 300_000) }, actor: enterprise },
      ];
      await emit(run(rnd, partnershipDecider as Decider<PartnershipCommand, any, any>, partnershipStream(partnerId, programId), partnership));
    }
    world.partners.push({ partnerId, parentId: parent?.partnerId ?? null, managerId, associateId, programIds });
  }
  await flush();

  // Deals and cases until the log holds the events asked for.
  const rules = { ...DEFAULT_DEAL_REGISTRATION_RULES, minimumDealSize: { amountMinor: 100_000, currency: 'EUR' } };
  const facts = { rules, active: true, enrolled: true };
  const customers: { registrationId: string; partnerId: string; domain: string; submittedAt: string }[] = [];
  const span = 700 * DAY;
  let deal = 0;
  while (written + pending() < options.events) {
    deal += 1;
    const partner = rnd.pick(world.partners);
    const seller = { userId: partner.associateId, role: 'partner_associate', partnerId: partner.partnerId };
    const manager = { userId: partner.managerId, role: 'partner_manager', partnerId: partner.partnerId };
    const start = t0 + 40 * DAY + Math.floor(rnd.float() * span);
    let clock = start;
    const tick = (hours: number) => iso((clock += Math.floor(hours * HOUR * (0.5 + rnd.float()))));
    const registrationId = rnd.uuid();
    // One deal in twenty is for a customer another partner registered first: a conflict.
    const earlier = customers.length > 0 && rnd.chance(0.05) ? rnd.pick(customers) : undefined;
    const domain = earlier && earlier.partnerId !== partner.partnerId ? earlier.domain : `customer-${deal}.example`;
    const amountMinor = rnd.int(1_000, 500_000) * 100;
    const products = [rnd.pick(PRODUCTS), rnd.pick(PRODUCTS)].filter((p, i, all) => all.indexOf(p) === i);
    const commands: { command: RegistrationCommand; actor: typeof seller }[] = [
      {
        command: {
          type: 'DraftRegistration',
          data: {
            registrationId,
            partnerId: partner.partnerId,
            programId: partner.programIds[0],
            submittedBy: seller.userId,
            registrationType: rnd.pick(['resell', 'referral', 'influenced'] as const),
            customer: { companyName: `Customer ${deal}`, domain, contactName: `Buyer ${deal}`, contactEmail: `buyer@${domain}` },
            estimatedSize: { amountMinor, currency: 'EUR' },
            expectedCloseDate: iso(start + 120 * DAY).slice(0, 10),
            products,
          },
          context: facts,
          now: tick(0),
        },
        actor: seller,
      },
    ];
    const submittedAt = tick(2);
    const conflicts = earlier && earlier.partnerId !== partner.partnerId ? [{ registrationId: earlier.registrationId, partnerId: earlier.partnerId, submittedAt: earlier.submittedAt, keys: [{ kind: 'domain' as const, value: domain }] }] : [];
    commands.push({ command: { type: 'SubmitRegistration', by: seller.userId, context: { ...facts, conflicts }, now: submittedAt }, actor: seller });
    customers.push({ registrationId, partnerId: partner.partnerId, domain, submittedAt });
    const fate = rnd.float();
    let approved = false;
    if (fate < 0.05) {
      commands.push({ command: { type: 'WithdrawRegistration', data: { reason: 'customer went quiet' }, by: seller.userId, now: tick(20) }, actor: seller });
    } else {
      commands.push({ command: { type: 'StartReview', by: enterprise.userId, now: tick(6) }, actor: enterprise as never });
      if (rnd.chance(0.15)) {
        commands.push({ command: { type: 'RequestInfo', data: { message: 'Please add the buying centre' }, by: enterprise.userId, now: tick(4) }, actor: enterprise as never });
        commands.push({ command: { type: 'ResubmitRegistration', by: seller.userId, context: { ...facts, conflicts: [] }, now: tick(24) }, actor: seller });
      }
      if (fate < 0.25) {
        commands.push({ command: { type: 'RejectRegistration', data: { reason: 'existing direct opportunity' }, by: approver.userId, now: tick(8) }, actor: approver as never });
      } else {
        commands.push({ command: { type: 'SendForApproval', by: enterprise.userId, now: tick(4) }, actor: enterprise as never });
        commands.push({ command: { type: 'ApproveRegistration', data: { overrideReason: conflicts.length > 0 ? 'partner brought the deal first' : null }, by: approver.userId, context: { rules }, now: tick(12) }, actor: approver as never });
        approved = true;
      }
    }
    const converted = approved && rnd.chance(0.7);
    const opportunityId = rnd.uuid();
    if (converted) commands.push({ command: { type: 'ConvertRegistration', data: { opportunityId }, by: enterprise.userId, now: tick(24) }, actor: enterprise as never });
    else if (approved && rnd.chance(0.5)) commands.push({ command: { type: 'ExpireRegistration', now: iso(clock + 91 * DAY) }, actor: { userId: 'system', role: 'system' } as never });
    await emit(run(rnd, registrationDecider as Decider<RegistrationCommand, any, any>, registrationStream(registrationId), commands));

    if (converted) {
      const lines = products.map((product) => ({ lineId: rnd.uuid(), product, quantity: rnd.int(1, 50), unitPriceMinor: rnd.int(100, 5_000) * 100, partnerId: partner.partnerId }));
      const won = rnd.chance(0.55);
      const opp: { command: OpportunityCommand; actor: typeof seller }[] = [
        {
          command: {
            type: 'CreateOpportunity',
            data: { opportunityId, registrationId, name: `Deal ${deal}`, accountName: `Customer ${deal}`, source: rnd.chance(0.7) ? 'partner_sourced' : 'partner_influenced', channelPartnerId: partner.partnerId, currency: 'EUR', expectedCloseDate: iso(clock + 60 * DAY).slice(0, 10), lineItems: lines },
            now: tick(1),
          },
          actor: enterprise as never,
        },
        { command: { type: 'ChangeStage', data: { stage: 'Develop' }, by: enterprise.userId, now: tick(72) }, actor: enterprise as never },
        { command: { type: 'ChangeStage', data: { stage: 'Negotiate' }, by: enterprise.userId, now: tick(200) }, actor: enterprise as never },
        won
          ? { command: { type: 'CloseWon', data: { amountMinor: lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0) }, by: enterprise.userId, now: tick(300) }, actor: enterprise as never }
          : { command: { type: 'CloseLost', data: { reason: rnd.pick(['price', 'competitor', 'no_budget', 'timing'] as const), note: null }, by: enterprise.userId, now: tick(300) }, actor: enterprise as never },
      ];
      await emit(run(rnd, opportunityDecider as Decider<OpportunityCommand, any, any>, opportunityStream(opportunityId), opp));
      if (won) {
        const quoteId = rnd.uuid();
        const quoteLines = lines.map((l) => ({ lineId: rnd.uuid(), productOffering: l.product, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, ramp: null, partnerId: partner.partnerId }));
        const quote: { command: QuoteCommand; actor: typeof seller }[] = [
          { command: { type: 'CreateQuote', data: { quoteId, opportunityId, channelPartnerId: partner.partnerId, currency: 'EUR', validUntil: iso(clock + 30 * DAY).slice(0, 10), lines: quoteLines }, by: manager.userId, now: tick(2) }, actor: manager },
          { command: { type: 'SubmitQuote', by: manager.userId, now: tick(4) }, actor: manager },
          { command: { type: 'ApproveQuote', by: approver.userId, now: tick(8) }, actor: approver as never },
          { command: { type: 'AcceptQuote', by: manager.userId, now: tick(24) }, actor: manager },
        ];
        await emit(run(rnd, quoteDecider as Decider<QuoteCommand, any, any>, quoteStream(quoteId), quote));
        const orderId = rnd.uuid();
        const orderLines = lines.map((l) => ({ lineId: rnd.uuid(), product: l.product, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, partnerId: partner.partnerId }));
        const order: { command: OrderCommand; actor: typeof seller }[] = [
          {
            command: { type: 'CreateOrder', data: { orderId, account: `Customer ${deal}`, contact: { name: `Buyer ${deal}`, email: `buyer@${domain}` }, orderType: 'new', priority: rnd.pick(['low', 'medium', 'high'] as const), channelPartnerId: partner.partnerId, currency: 'EUR', quoteId, lines: orderLines }, by: enterprise.userId, now: tick(4) },
            actor: enterprise as never,
          },
          { command: { type: 'SubmitOrder', by: enterprise.userId, now: tick(2) }, actor: enterprise as never },
          { command: { type: 'StartFulfilment', by: enterprise.userId, now: tick(24) }, actor: enterprise as never },
          ...orderLines.map((l) => ({ command: { type: 'FulfilLine' as const, data: { lineId: l.lineId }, by: enterprise.userId, now: tick(48) }, actor: enterprise as never })),
          { command: { type: 'CloseOrder', by: enterprise.userId, now: tick(24) }, actor: enterprise as never },
        ];
        await emit(run(rnd, orderDecider as Decider<OrderCommand, any, any>, orderStream(orderId), order));
      }
    }

    // Every third deal comes with a support case.
    if (deal % 3 === 0) {
      const caseId = rnd.uuid();
      const opened = tick(30);
      const cases: { command: CaseCommand; actor: typeof seller }[] = [
        {
          command: {
            type: 'OpenCase',
            data: { caseId, partnerId: partner.partnerId, openedBy: seller.userId, requestedBy: seller.userId, about: 'end_customer', endCustomer: { companyName: `Customer ${deal}`, contactEmail: `buyer@${domain}` }, priority: rnd.pick(['P1', 'P2', 'P3', 'P4'] as const), subject: 'Licence activation fails', description: 'The activation key is refused.' },
            context: { sla: DEFAULT_CASE_SLA },
            now: opened,
          },
          actor: seller,
        },
        { command: { type: 'AssignCase', data: { assigneeId: 'support-agent-1' }, by: enterprise.userId, now: tick(0.3) }, actor: enterprise as never },
        { command: { type: 'RecordFirstResponse', data: { message: 'Looking into it' }, by: 'support-agent-1', now: tick(0.5) }, actor: enterprise as never },
        { command: { type: 'ResolveCase', data: { resolution: 'Key reissued' }, by: 'support-agent-1', now: tick(20) }, actor: enterprise as never },
        { command: { type: 'CloseCase', by: seller.userId, now: tick(24) }, actor: seller },
      ];
      await emit(run(rnd, caseDecider as Decider<CaseCommand, any, any>, caseStream(caseId), cases));
    }
  }
  await flush();
  return { events: written, streams, world };
}
