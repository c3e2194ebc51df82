import { isAbsolute, join, relative, resolve } from 'node:path';
import { DemoTokens, TOKENS_JSON, TOKENS_TEXT } from './demo-tokens';

export interface BannerFacts {
  port: number;
  // Where the data lives: the embedded PostgreSQL's folder and port, or the (redacted) DATABASE_URL.
  data: { dataDir: string; postgresPort: number } | { databaseUrl: string };
  tokens?: DemoTokens;
  // Why there are no tokens to show, when there are none.
  noTokens?: string;
  renewed?: boolean;
}

// A path as a person would type it from here: relative inside the working folder, absolute outside it.
function shown(path: string): string {
  const inside = relative(process.cwd(), resolve(path));
  return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? resolve(path) : inside;
}

function tokenTable(tokens: DemoTokens): string[] {
  const width = Math.max(...tokens.tokens.map((t) => t.label.length));
  return tokens.tokens.map((t) => `  ${t.label.padEnd(width)}  ${t.token}`);
}

// The one block a person reads on start-up (plain text on stdout, beside the JSON logs).
export function banner(facts: BannerFacts): string {
  const url = `http://localhost:${facts.port}`;
  const lines = [
    '',
    `Channel Ledger is ready at ${url}`,
    `  Workspace  ${url}/workspace/ (the web app: ${'dataDir' in facts.data ? 'pick a demo user' : 'paste a token'})`,
    `  API docs   ${url}/docs (OpenAPI JSON at ${url}/docs-json)`,
    `  Health     ${url}/health/ready (readiness), ${url}/health (liveness and dependencies)`,
  ];
  if ('dataDir' in facts.data) {
    lines.push(`  Data       ${shown(facts.data.dataDir)} (embedded PostgreSQL on 127.0.0.1:${facts.data.postgresPort})`);
    lines.push(`  Tokens     ${shown(join(facts.data.dataDir, TOKENS_TEXT))} and ${shown(join(facts.data.dataDir, TOKENS_JSON))}`);
  } else {
    lines.push(`  Data       PostgreSQL at DATABASE_URL (${facts.data.databaseUrl})`);
  }
  const tokens = facts.tokens;
  if (tokens && tokens.tokens.length > 0) {
    const until = tokens.expiresAt.slice(0, 10);
    lines.push('', `Demo tokens (${facts.renewed ? 'minted again, ' : ''}valid until ${until}; \`npm run prm -- token\` makes more):`, '', ...tokenTable(tokens));
    const alice = tokens.tokens.find((t) => t.roles.includes('partner_manager') && t.partnerId);
    if (alice) lines.push('', `Try: curl -H "Authorization: Bearer <${alice.name}'s token>" ${url}/v1/partners/${alice.partnerId}`);
  } else {
    lines.push('', facts.noTokens ?? 'No demo tokens: `npm run prm -- token --role <role>` makes one.');
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}

// .data/demo-tokens.txt: the same users and tokens for a person, with the partner ids a curl needs.
export function tokensText(tokens: DemoTokens): string {
  const lines = [`Channel Ledger demo tokens (valid until ${tokens.expiresAt}; \`npm run prm -- token\` makes more).`, `The same in ${TOKENS_JSON}, for scripts.`, ''];
  for (const t of tokens.tokens) lines.push(`${t.label}${t.partnerId ? `, partner ${t.partnerId}` : ''}:`, `  ${t.token}`, '');
  return lines.join('\n');
}
