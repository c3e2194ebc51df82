import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { ConcurrencyError, EventStore, Recorded, StoredEvent, StreamAppend, appendToStreams } from '@channel-ledger/event-store';
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
import { currentStreamReads, readCurrentMany } from './stream-reads';

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
// a submission appends its claim to each of its keys' streams with an expected revision (all of them in one
// statement where the store can). For any two registrations the stream of the FIRST key they share decides which
// came first; both sides look at the same stream, so of two simultaneous submissions exactly one is first and the
// other records the conflict. A claim counts while its registration is not in a final state (a draft still
// mid-submission counts).
@Injectable()
export class CustomerClaims {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  // Starts reading the claim streams at once, so that they are read in the same query as whatever else the caller
  // reads at the same moment (the program's rules); `claim` then appends to them.
  prepare(claim: CustomerClaimed): PreparedClaim {
    const keys = [...claim.keys].sort((a, b) => keyId(a).localeCompare(keyId(b)));
    const mine = { ...claim, keys };
    const read = this.readClaims(keys);
    // Nothing may be claimed after all (the rules refuse the submission): the read is then dropped, not an error.
    read.catch(() => undefined);
    return { claim: (now: string) => this.claimWith(mine, read, now) };
  }

  claim(claim: CustomerClaimed, now: string): Promise<ConflictMatch[]> {
    return this.prepare(claim).claim(now);
  }

  private readClaims(keys: ConflictKey[]): Promise<Map<string, StoredEvent[]>> {
    return readCurrentMany(this.store, keys.map(claimStream));
  }

  private async claimWith(mine: CustomerClaimed, firstRead: Promise<Map<string, StoredEvent[]>>, now: string): Promise<ConflictMatch[]> {
    const { keys } = mine;
    let read = await firstRead;
    // Each key stream up to this registration's claim: the claims that precede it.
    let before: StoredEvent[][];
    for (;;) {
      before = [];
      const missing: StreamAppend[] = [];
      for (const key of keys) {
        const streamId = claimStream(key);
        const events = read.get(streamId) ?? [];
        const existing = events.findIndex((e) => (e.data as CustomerClaimed).registrationId === mine.registrationId);
        before.push(existing >= 0 ? events.slice(0, existing) : events);
        if (existing < 0) {
          missing.push({
            streamId,
            events: [{ id: randomUUID(), type: 'CustomerClaimed', data: mine, metadata: { schemaVersion: 1, occurredAt: mine.submittedAt } }],
            expectedRevision: events.length === 0 ? 'no_stream' : events.length - 1,
          });
        }
      }
      if (missing.length === 0) break;
      try {
        await appendToStreams(this.store, missing);
        for (const a of missing) currentStreamReads()?.changed(a.streamId);
        break;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        read = await this.readClaims(keys);
      }
    }
    const candidates = new Map<string, CustomerClaimed>();
    for (const [i, key] of keys.entries()) {
      for (const earlier of before[i]) {
        const other = earlier.data as CustomerClaimed;
        if (other.partnerId === mine.partnerId || other.registrationId === mine.registrationId) continue;
        const shared = other.keys.map(keyId).filter((id) => keys.some((k) => keyId(k) === id)).sort();
        // Only the first shared key's stream may decide between the two.
        if (shared[0] === keyId(key)) candidates.set(other.registrationId, other);
      }
    }
    if (candidates.size === 0) return [];
    const registrations = await readCurrentMany<RegistrationEvent>(this.store, [...candidates.keys()].map(registrationStream));
    const matches: ConflictMatch[] = [];
    for (const other of candidates.values()) {
      if (!stillActive(registrations.get(registrationStream(other.registrationId)) ?? [], now)) continue;
      const sharedKeys = other.keys.filter((k) => keys.some((mineKey) => keyId(mineKey) === keyId(k)));
      matches.push({ registrationId: other.registrationId, partnerId: other.partnerId, submittedAt: other.submittedAt, keys: sharedKeys });
    }
    return matches.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  }
}

export interface PreparedClaim {
  // Claims the customer's keys for the registration, and answers the earlier claims it conflicts with.
  claim(now: string): Promise<ConflictMatch[]>;
}

function stillActive(events: Recorded<RegistrationEvent>[], now: string): boolean {
  const state = fold(registrationDecider, events);
  if (state.status === 'None') return false;
  if (state.status === 'Draft') return true;
  if (!ACTIVE_STATUSES.includes(state.status)) return false;
  return state.protectedUntil === null || Date.parse(state.protectedUntil) > Date.parse(now);
}
