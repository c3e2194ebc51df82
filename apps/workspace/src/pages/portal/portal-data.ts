import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../app/use-api';
import { useSession } from '../../app/session';

// What the portal pages share: the caller's programs, the names of the organisations it may see, and words for the
// API's enums.

export type Program = Schemas['Program'];

// The programs the caller's organisation is an active partner in, read from its own Partner 360 (partner staff may
// read their own organisation) and then each program's published terms.
export function usePrograms() {
  const { me } = useSession();
  const partnerId = me?.partner?.partnerId;
  return useApi(async (): Promise<Program[]> => {
    if (!partnerId) return [];
    const own = await unwrap(api.GET('/v1/partners/{partnerId}/360', { params: { path: { partnerId } } }));
    const active = own.tabs.partnerships.filter((p) => p.status === 'active');
    const programs = await Promise.all(active.map((p) => unwrap(api.GET('/v1/programs/{programId}', { params: { path: { programId: p.programId } } }))));
    return programs.filter((p) => p.status === 'active');
  }, [partnerId]);
}

// Organisation names by id, for a manager who sees descendants' records too; empty when the caller may not list them.
export function usePartnerNames() {
  const { can } = useSession();
  const allowed = can('listPartners');
  return useApi(async () => {
    const names = new Map<string, string>();
    if (!allowed) return names;
    const page = await unwrap(api.GET('/v1/partners', { params: { query: { limit: 100 } } }));
    for (const p of page.items) names.set(p.partnerId, p.name);
    return names;
  }, [allowed]);
}

// Not found, or an address whose id is not an id at all (the API names the path parameter): both are no such record.
export const isNotFound = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || (error.status === 400 && (error.problem.fields ?? []).some((f) => f.field === 'registrationId' || f.field === 'caseId')));

export const TYPE_WORDS: Record<Schemas['RegistrationType'], string> = {
  referral: 'Referral: you introduce the customer, we sell',
  resell: 'Resell: you buy from us and sell to the customer',
  influenced: 'Influenced: you help us win a deal we sell directly',
};

export const KEY_WORDS: Record<string, string> = { domain: 'customer domain', company: 'company name', contact_email: 'contact email' };

export const PRIORITY_WORDS: Record<Schemas['CasePriority'], string> = {
  P1: 'P1: critical, business stopped',
  P2: 'P2: high, serious impact',
  P3: 'P3: normal',
  P4: 'P4: low, a question',
};

// A date input's value (YYYY-MM-DD) for today plus some days, in the reader's time zone.
export function dayFromNow(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
