import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { ConcurrencyError, EventStore, StoredEvent } from '@channel-ledger/event-store';
import {
  ACTIVE_STATUSES,
  ConflictKey,
  ConflictMatch,
  RegistrationEvent,
  fold,
  registrationDecider,
  registrationStream,
} from '@channel-ledger/domain';
import { EVENT_STORE } from '@channel-ledger/platform';

interface CustomerClaimed {
  registrationId: string;
  partnerId: string;
  submittedAt: string;
  // Every key of the claiming registration, so others can find the first key they share.
  keys: ConflictKey[];
}

const keyId = (key: ConflictKey) => `${key.kind}:${key.value}`;
const claimStream = (key: ConflictKey) => `deal-claims-${createHash('sha256').update(keyId(key)).digest('hex').slice(0, 40)}`;

// First in time, under concurrency. Each customer key (domain, company name, contact email) has a claim stream;
// a submission appends its claim to each of its keys' streams with an expected revision, in one fixed key
// order. For any two registrations the stream of the FIRST key they share decides which came first; both sides
// look at the same stream, so of two simultaneous submissions exactly one is first and the other records the
// conflict. A claim counts while its registration is not in a final state (a draft still mid-submission counts).
@Injectable()
export class CustomerClaims {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async claim(claim: CustomerClaimed, now: string): Promise<ConflictMatch[]> {
    const keys = [...claim.keys].sort((a, b) => keyId(a).localeCompare(keyId(b)));
    const mine = { ...claim, keys };
    const candidates = new Map<string, CustomerClaimed>();
    for (const key of keys) {
      for (const earlier of await this.claimStreamUpToMine(key, mine)) {
        const other = earlier.data as CustomerClaimed;
        if (other.partnerId === claim.partnerId || other.registrationId === claim.registrationId) continue;
        const shared = other.keys.map(keyId).filter((id) => keys.some((k) => keyId(k) === id)).sort();
        // Only the first shared key's stream may decide between the two.
        if (shared[0] === keyId(key)) candidates.set(other.registrationId, other);
      }
    }
    const matches: ConflictMatch[] = [];
    for (const other of candidates.values()) {
      if (!(await this.stillActive(other.registrationId, now))) continue;
      const sharedKeys = other.keys.filter((k) => keys.some((mineKey) => keyId(mineKey) === keyId(k)));
      matches.push({ registrationId: other.registrationId, partnerId: other.partnerId, submittedAt: other.submittedAt, keys: sharedKeys });
    }
    return matches.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }

  // Appends this registration's claim to the key's stream unless it is there already, and returns the claims
  // that precede it.
  private async claimStreamUpToMine(key: ConflictKey, mine: CustomerClaimed): Promise<StoredEvent[]> {
    const streamId = claimStream(key);
    for (;;) {
      const events = await this.store.readStream(streamId);
      const existing = events.findIndex((e) => (e.data as CustomerClaimed).registrationId === mine.registrationId);
      if (existing >= 0) return events.slice(0, existing);
      try {
        await this.store.append(streamId, [{ id: randomUUID(), type: 'CustomerClaimed', data: mine, metadata: { schemaVersion: 1, occurredAt: mine.submittedAt } }], {
          expectedRevision: events.length === 0 ? 'no_stream' : events.length - 1,
        });
        return events;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
  }

  private async stillActive(registrationId: string, now: string): Promise<boolean> {
    const events = await this.store.readStream<RegistrationEvent>(registrationStream(registrationId));
    const state = fold(registrationDecider, events);
    if (state.status === 'None') return false;
    if (state.status === 'Draft') return true;
    if (!ACTIVE_STATUSES.includes(state.status)) return false;
    return state.protectedUntil === null || Date.parse(state.protectedUntil) > Date.parse(now);
  }
}
