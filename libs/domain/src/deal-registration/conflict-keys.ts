// The keys on which two registrations are the same customer (docs/ARCHITECTURE.md, "Domain rules and defaults").

export type ConflictKeyKind = 'domain' | 'company' | 'contact_email';

export interface ConflictKey {
  kind: ConflictKeyKind;
  value: string;
}

// Second-level labels under which registrable domains sit one level deeper (acme.co.uk, not co.uk).
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ltd', 'plc', 'gob', 'or', 'ne']);

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'gmbh', 'ag', 'corp', 'corporation', 'co', 'company',
  'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'plc', 'pty', 'kk', 'oy', 'ab', 'as', 'aps', 'kg', 'se',
]);

export function normaliseDomain(input: string): string | undefined {
  let host = input.trim().toLowerCase();
  if (host.includes('@')) host = host.slice(host.lastIndexOf('@') + 1);
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#:].*$/, '').replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  const labels = host.split('.').filter(Boolean);
  if (labels.length < 2) return undefined;
  // Subdomains fold to the registrable domain: eu.sales.acme.com -> acme.com, shop.acme.co.uk -> acme.co.uk.
  const last = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  const take = last.length === 2 && SECOND_LEVEL.has(second) && labels.length >= 3 ? 3 : 2;
  return labels.slice(-take).join('.');
}

export function normaliseCompanyName(input: string): string | undefined {
  const words = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // Dotted abbreviations fold first: s.a. -> sa, l.l.c. -> llc.
    .replace(/\b([a-z])\.(?=[a-z]\b)/g, '$1')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  const name = words.join(' ');
  return name.length > 0 ? name : undefined;
}

export function conflictKeys(customer: { companyName: string; domain?: string | null; contactEmail?: string | null }): ConflictKey[] {
  const keys: ConflictKey[] = [];
  const domain = customer.domain ? normaliseDomain(customer.domain) : customer.contactEmail ? normaliseDomain(customer.contactEmail) : undefined;
  if (domain) keys.push({ kind: 'domain', value: domain });
  const company = normaliseCompanyName(customer.companyName);
  if (company) keys.push({ kind: 'company', value: company });
  if (customer.contactEmail) keys.push({ kind: 'contact_email', value: customer.contactEmail.trim().toLowerCase() });
  return keys;
}
