import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { Kysely } from 'kysely';
import { EventStore } from '@channel-ledger/event-store';
import { EVENT_STORE, PLATFORM, Platform, READ_DB } from '@channel-ledger/platform';
import { projectionStatuses } from '@channel-ledger/projection-runner';
import { ReadDB } from '@channel-ledger/read-store';
import { Public } from '../auth/auth.guard';
import { Answers } from '../openapi/decorators';
import { logHorizon } from '../health/log-horizon';

// Prometheus metrics: per projection, how far behind the head of the log it is, and whether it failed; for the log
// itself, whether an open transaction holds every reader back, and for how long.
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();
  private readonly refresh: () => Promise<void>;

  constructor(@Inject(READ_DB) db: Kysely<ReadDB>, @Inject(EVENT_STORE) store: EventStore, @Inject(PLATFORM) platform: Platform) {
    collectDefaultMetrics({ register: this.registry });
    const lagEvents = new Gauge({ name: 'channel_ledger_projection_lag_events', help: 'Events in the log not yet applied (counted up to 10000)', labelNames: ['projection'], registers: [this.registry] });
    const lagSeconds = new Gauge({ name: 'channel_ledger_projection_lag_seconds', help: 'Age of the oldest event not yet applied', labelNames: ['projection'], registers: [this.registry] });
    const failed = new Gauge({ name: 'channel_ledger_projection_failed', help: '1 when the projection stopped on a poison event', labelNames: ['projection'], registers: [this.registry] });
    const applied = new Gauge({ name: 'channel_ledger_projection_events_applied', help: 'Events applied since the projection started', labelNames: ['projection'], registers: [this.registry] });
    const blockedSeconds = new Gauge({ name: 'channel_ledger_eventstore_horizon_blocked_seconds', help: 'Age of the open transaction that keeps committed events from every reader (0 when none)', registers: [this.registry] });
    const stalled = new Gauge({ name: 'channel_ledger_eventstore_horizon_stalled', help: '1 when that transaction has been open longer than HORIZON_STALL_MS', registers: [this.registry] });
    const pending = new Gauge({ name: 'channel_ledger_eventstore_horizon_pending_events', help: 'Committed events readers cannot see yet because of it (counted up to 10000)', registers: [this.registry] });
    const otherDatabases = new Gauge({ name: 'channel_ledger_eventstore_horizon_other_database_transactions', help: 'Open transactions of other databases of the server, which readers do not wait for', registers: [this.registry] });
    // Measured on each scrape, so the figures are as fresh as the scrape.
    this.refresh = async () => {
      const horizon = await logHorizon(store, platform.config.horizonStallMs);
      if (horizon) {
        blockedSeconds.set(horizon.blockedSeconds);
        stalled.set(horizon.status === 'stalled' ? 1 : 0);
        pending.set(horizon.pendingEvents);
        otherDatabases.set(horizon.otherDatabaseTransactions);
      }
      // Reset first, so a projection that no longer exists does not linger with its last figures.
      for (const gauge of [lagEvents, lagSeconds, failed, applied]) gauge.reset();
      for (const s of await projectionStatuses(db, store)) {
        lagEvents.set({ projection: s.projection }, s.lagEvents);
        lagSeconds.set({ projection: s.projection }, s.lagSeconds);
        failed.set({ projection: s.projection }, s.status === 'failed' ? 1 : 0);
        applied.set({ projection: s.projection }, s.eventsApplied);
      }
    };
  }

  @Get()
  @Answers('Metrics', { text: 'Prometheus text exposition format 0.0.4.' })
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }
}
