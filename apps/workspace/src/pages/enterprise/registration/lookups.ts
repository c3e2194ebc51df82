import { api, unwrap, type Schemas } from '../../../api/client';
import { useApi } from '../../../app/use-api';

// Partner names by id, for lists and records that carry only a partner's id (one page of up to 100 partners: the
// most the API's list answers at once; an id beyond it shows as its short form).
export function usePartnerNames() {
  const partners = useApi(() => unwrap(api.GET('/v1/partners', { params: { query: { limit: 100 } } })), []);
  const names = new Map((partners.data?.items ?? []).map((p: Schemas['PartnerRow']) => [p.partnerId, p.name]));
  return { partners, names };
}

// The programs the given ids name, for their rules (the approval SLA, the protection days).
export function usePrograms(programIds: string[]) {
  const key = [...new Set(programIds)].sort().join(',');
  return useApi(async () => {
    const ids = key ? key.split(',') : [];
    const programs = await Promise.all(ids.map((programId) => unwrap(api.GET('/v1/programs/{programId}', { params: { path: { programId } } }))));
    return new Map(programs.map((p) => [p.programId, p]));
  }, [key]);
}

// The registration states a reviewer or approver still has to act on. InfoRequested waits on the partner; the
// others wait on the vendor and run against the program's approval SLA.
export const AWAITING_REVIEW = ['Submitted', 'UnderReview', 'PendingApproval', 'InfoRequested'] as const;
export const SLA_RUNNING: readonly string[] = ['Submitted', 'UnderReview', 'PendingApproval'];

// When a decision is due: the program's approvalSlaHours counted from submittedAt, the same rule the API's
// escalation sweep applies (a registration past it is escalated).
export function slaDueAt(submittedAt: string | null, slaHours: number | undefined): number | undefined {
  if (!submittedAt || slaHours === undefined) return undefined;
  const start = Date.parse(submittedAt);
  return Number.isNaN(start) ? undefined : start + slaHours * 3_600_000;
}

const KEY_WORDS: Record<string, string> = { domain: 'Customer domain', company: 'Company name', contact_email: 'Contact email' };
export const keyWords = (kind: string) => KEY_WORDS[kind] ?? kind.replace(/_/g, ' ');

// "RegistrationSentForApproval" reads "Sent for approval".
export function eventWords(type: string): string {
  const words = type.replace(/^Registration/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const statusWords = (status: string | null | undefined) => (status ? status.replace(/([a-z])([A-Z])/g, '$1 $2') : '—');
