import { Kysely } from 'kysely';
import { ReadStoreMigrations, combineMigrations } from './migrate';

describe('combineMigrations', () => {
  const calls: string[] = [];
  const part = (who: string): ReadStoreMigrations[string] => ({
    up: async () => void calls.push(`up ${who}`),
    down: async () => void calls.push(`down ${who}`),
  });
  const db = {} as Kysely<unknown>;

  it('runs the parts of one name as one migration: up in the order given, down in reverse; other names stay as they are', async () => {
    const only = part('c');
    const combined = combineMigrations({ m1: part('a1'), m2: part('a2') }, { m1: part('b1') }, { m3: only });
    expect(Object.keys(combined)).toEqual(['m1', 'm2', 'm3']);
    expect(combined.m3).toBe(only);
    calls.length = 0;
    await combined.m1.up(db);
    await combined.m1.down!(db);
    expect(calls).toEqual(['up a1', 'up b1', 'down b1', 'down a1']);
  });
});
