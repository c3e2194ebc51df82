import { Tier } from '../partner/partner.events';
import type { CaseSlaTargets } from '../case/case.decider';

export const REGISTRATION_TYPES = ['referral', 'resell', 'influenced'] as const;
export type RegistrationType = (typeof REGISTRATION_TYPES)[number];

export interface ProgramTier {
  name: Tier;
  rank: number;
  benefits: string[];
  requirements: string[];
}

export interface DealRegistrationRules {
  allowedTypes: RegistrationType[];
  protectionDays: number;
  approvalSlaHours: number;
  // Basis points would be exact too; a percentage with two decimals is what programs publish.
  discountPercent: number;
  minimumDealSize: { amountMinor: number; currency: string };
  maxExtensions: number;
  extensionDays: number;
}

// The usual defaults in the field (docs/ARCHITECTURE.md, "Domain rules and defaults"): 90 days of protection, a 48 h approval SLA, one 30-day extension.
export const DEFAULT_DEAL_REGISTRATION_RULES: DealRegistrationRules = {
  allowedTypes: ['referral', 'resell', 'influenced'],
  protectionDays: 90,
  approvalSlaHours: 48,
  discountPercent: 0,
  minimumDealSize: { amountMinor: 0, currency: 'USD' },
  maxExtensions: 1,
  extensionDays: 30,
};

export type ProgramEvent =
  | { type: 'ProgramCreated'; data: { programId: string; name: string; tiers: ProgramTier[]; rules: DealRegistrationRules; at: string } }
  | { type: 'ProgramRulesUpdated'; data: { programId: string; rules: DealRegistrationRules; at: string } }
  | { type: 'ProgramSegmentsLinked'; data: { programId: string; segments: Tier[]; at: string } }
  | { type: 'ProgramCaseSlaSet'; data: { programId: string; caseSla: CaseSlaTargets; at: string } }
  | { type: 'ProgramRetired'; data: { programId: string; at: string } };
