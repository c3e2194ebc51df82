// GET /v1/me: who the caller is, as the API sees it now, and which operations its roles allow. A client shows only
// the controls behind these operations (a record may still refuse one for its state or its owner).
export interface CurrentUser {
  subject: string;
  kind: 'enterprise' | 'partner';
  /** For partner staff, the roles the log gives the member now (a token may ask for less, never for more). */
  roles: string[];
  /** Partner staff: the member's name as the partner's staff list has it; enterprise users: the token's `name` claim, if any. */
  name: string | null;
  /** Partner staff only: the organisation the member belongs to. */
  partner: { partnerId: string; name: string } | null;
  /** The operationIds of the OpenAPI document whose roles include one of the caller's. */
  operations: string[];
}

export interface DemoPersona {
  /** "Alice Hart (Acme Corp, partner manager)". */
  label: string;
  name: string;
  role: string;
  partnerName: string | null;
  token: string;
}

// GET /v1/demo-personas: the demo users of the embedded default, for a sign-in page on the same machine.
export interface DemoPersonaList {
  items: DemoPersona[];
}
