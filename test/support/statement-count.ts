import { Client } from 'pg';

// Counts the statements this process sends to PostgreSQL (every query call on any pg client, BEGIN and COMMIT
// included: each is a round trip) while `work` runs. Nothing else in the process may talk to the database meanwhile
// (run the app with its projector and sweeps off), or its statements are counted too.
export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const statements: string[] = [];
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    statements.push((typeof first === 'string' ? first : first?.text ?? '?').replace(/\s+/g, ' ').trim().slice(0, 160));
    return original.apply(this, args);
  };
  try {
    const result = await work();
    return { result, count: statements.length, statements };
  } finally {
    proto.query = original;
  }
}
