import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { Role, mintToken } from '@channel-ledger/auth';
import { DemoPersona, personaLabel } from './demo-seed';

export const TOKENS_TEXT = 'demo-tokens.txt';
export const TOKENS_JSON = 'demo-tokens.json';

// Local demo tokens: long enough for a trial, re-minted on a start that finds them expired (or soon to be).
const LIFETIME = '30d';
const RENEW_WITHIN_MS = 24 * 3600 * 1000;

export interface DemoToken {
  label: string;
  name: string;
  role: string;
  roles: Role[];
  subject: string;
  partnerId?: string;
  partnerName?: string;
  token: string;
}

// What .data/demo-tokens.json holds, for scripts: `jq -r '.tokens[] | select(.name == "Alice Hart") | .token'`.
export interface DemoTokens {
  expiresAt: string;
  tokens: DemoToken[];
}

export interface TokenSigner {
  secret: Uint8Array;
  issuer: string;
  audience: string;
}

export function mintDemoToken(signer: TokenSigner, persona: DemoPersona): Promise<string> {
  return mintToken(signer.secret, signer.issuer, signer.audience, { subject: persona.subject, roles: persona.roles, partnerId: persona.partnerId, expiresIn: LIFETIME, name: persona.partnerId ? undefined : persona.name });
}

export async function mintDemoTokens(signer: TokenSigner, personas: DemoPersona[]): Promise<DemoTokens> {
  const tokens: DemoToken[] = [];
  for (const persona of personas) {
    const token = await mintDemoToken(signer, persona);
    tokens.push({ label: personaLabel(persona), name: persona.name, role: persona.role, roles: persona.roles, subject: persona.subject, partnerId: persona.partnerId, partnerName: persona.partnerName, token });
  }
  return { expiresAt: new Date(expiryOf(tokens[0]?.token) ?? Date.now()).toISOString(), tokens };
}

function expiryOf(token: string | undefined): number | undefined {
  if (!token) return undefined;
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
  return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
}

// Both files, readable by the owner only: the tokens open the demo data to whoever holds them.
export function saveDemoTokens(dataDir: string, tokens: DemoTokens, text: string): void {
  writeFileSync(join(dataDir, TOKENS_JSON), `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(join(dataDir, TOKENS_TEXT), text, { mode: 0o600 });
}

export function readDemoTokens(dataDir: string): DemoTokens | undefined {
  const file = join(dataDir, TOKENS_JSON);
  if (!existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoTokens;
    return Array.isArray(saved.tokens) ? saved : undefined;
  } catch {
    return undefined;
  }
}

// The saved tokens if they all still verify with the current secret for another day; otherwise the same users
// minted again (the secret changed, or they expire): `renewed` says which.
export async function currentDemoTokens(signer: TokenSigner, saved: DemoTokens): Promise<{ tokens: DemoTokens; renewed: boolean }> {
  const stillGood = async (entry: DemoToken) => {
    try {
      const { payload } = await jwtVerify(entry.token, signer.secret, { issuer: signer.issuer, audience: signer.audience, algorithms: ['HS256'] });
      return typeof payload.exp === 'number' && payload.exp * 1000 - Date.now() > RENEW_WITHIN_MS;
    } catch {
      return false;
    }
  };
  const checks = await Promise.all(saved.tokens.map(stillGood));
  if (checks.every(Boolean)) return { tokens: saved, renewed: false };
  return { tokens: await mintDemoTokens(signer, saved.tokens), renewed: true };
}
