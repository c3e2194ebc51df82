import { ApiError, type Schemas } from '../../api/client';
import { Field } from '../../ui/kit';
import { date, money } from '../../ui/format';
import { type Program, TYPE_WORDS } from './portal-data';

// A registration's details as the form holds them (text as typed), the checks the API would make on them, and the
// fields, shared by the guided flow and the answer to an information request.

export interface DetailsDraft {
  registrationType: Schemas['RegistrationType'] | '';
  companyName: string;
  domain: string;
  contactName: string;
  contactEmail: string;
  amount: string;
  currency: string;
  expectedCloseDate: string;
  products: string;
}

// Errors by the API's field names (customer.contactEmail, estimatedSize.amountMinor, ...).
export type FieldErrors = Record<string, string>;

export function emptyDraft(program: Program | undefined): DetailsDraft {
  const allowed = program?.rules.allowedTypes ?? [];
  return {
    registrationType: allowed.length === 1 ? allowed[0] : '',
    companyName: '',
    domain: '',
    contactName: '',
    contactEmail: '',
    amount: '',
    currency: program && program.rules.minimumDealSize.amountMinor > 0 ? program.rules.minimumDealSize.currency : 'USD',
    expectedCloseDate: '',
    products: '',
  };
}

export function draftFromDetails(details: Schemas['RegistrationDetails']): DetailsDraft {
  return {
    registrationType: details.registrationType,
    companyName: details.customer.companyName,
    domain: details.customer.domain ?? '',
    contactName: details.customer.contactName,
    contactEmail: details.customer.contactEmail,
    amount: (details.estimatedSize.amountMinor / 100).toFixed(2),
    currency: details.estimatedSize.currency,
    expectedCloseDate: details.expectedCloseDate.slice(0, 10),
    products: details.products.join('\n'),
  };
}

const productList = (text: string) =>
  text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean);

// Major units as typed ("12,500.50") to minor units; NaN when it is not a number.
function minorUnits(amount: string): number {
  const cleaned = amount.replace(/[\s,]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return Number.NaN;
  return Math.round(Number(cleaned) * 100);
}

export function detailsOf(d: DetailsDraft): Schemas['RegistrationChangesDto'] & Omit<Schemas['DraftRegistrationDto'], 'programId' | 'partnerId'> {
  return {
    registrationType: d.registrationType as Schemas['RegistrationType'],
    customer: { companyName: d.companyName.trim(), domain: d.domain.trim() ? d.domain.trim().toLowerCase() : null, contactName: d.contactName.trim(), contactEmail: d.contactEmail.trim() },
    estimatedSize: { amountMinor: minorUnits(d.amount), currency: d.currency.trim().toUpperCase() },
    expectedCloseDate: d.expectedCloseDate,
    products: productList(d.products),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export type Section = 'type' | 'customer' | 'size' | 'products';

// The checks the API makes (its DTO rules and the program's rules), by section, so a step can stop before the API
// refuses.
export function validate(d: DetailsDraft, program: Program | undefined, section: Section): FieldErrors {
  const e: FieldErrors = {};
  if (section === 'type') {
    if (!d.registrationType) e.registrationType = 'Choose the type of deal.';
    else if (program && !program.rules.allowedTypes.includes(d.registrationType)) e.registrationType = 'The program does not accept this type.';
  }
  if (section === 'customer') {
    if (!d.companyName.trim()) e['customer.companyName'] = 'Enter the customer company name.';
    else if (d.companyName.trim().length > 200) e['customer.companyName'] = 'At most 200 characters.';
    if (d.domain.trim() && !HOSTNAME.test(d.domain.trim())) e['customer.domain'] = 'Enter a web domain such as example.com, or leave it empty.';
    if (!d.contactName.trim()) e['customer.contactName'] = 'Enter the contact person at the customer.';
    if (!EMAIL.test(d.contactEmail.trim())) e['customer.contactEmail'] = 'Enter a valid email address, such as name@example.com.';
  }
  if (section === 'size') {
    const minor = minorUnits(d.amount);
    const minimum = program?.rules.minimumDealSize;
    if (Number.isNaN(minor) || minor <= 0) e['estimatedSize.amountMinor'] = 'Enter the estimated size as an amount, such as 25000 or 25000.50.';
    // The API keeps amounts in minor units, exact up to 2^53 - 1 of them.
    else if (minor > Number.MAX_SAFE_INTEGER) e['estimatedSize.amountMinor'] = `Enter at most ${(Number.MAX_SAFE_INTEGER / 100).toLocaleString(undefined, { maximumFractionDigits: 0 })}.`;
    else if (minimum && minimum.amountMinor > 0 && d.currency.toUpperCase() === minimum.currency && minor < minimum.amountMinor)
      e['estimatedSize.amountMinor'] = `The program's minimum deal size is ${money(minimum)}.`;
    if (!/^[A-Za-z]{3}$/.test(d.currency.trim())) e['estimatedSize.currency'] = 'Enter a three-letter currency code, such as USD.';
    else if (minimum && minimum.amountMinor > 0 && d.currency.trim().toUpperCase() !== minimum.currency)
      e['estimatedSize.currency'] = `The program accepts deals in ${minimum.currency}.`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.expectedCloseDate)) e.expectedCloseDate = 'Enter the expected close date.';
  }
  if (section === 'products') {
    const list = productList(d.products);
    if (list.length === 0) e.products = 'Name at least one product.';
    else if (list.length > 100) e.products = 'At most 100 products.';
    else if (list.some((p) => p.length > 200)) e.products = 'Each product name has at most 200 characters.';
  }
  return e;
}

// Which section holds a field the API named, or a rule the API gave without a field.
export function sectionOf(field: string): Section {
  if (field.startsWith('customer')) return 'customer';
  if (field.startsWith('estimatedSize') || field === 'expectedCloseDate') return 'size';
  if (field === 'products' || field.startsWith('products')) return 'products';
  return 'type';
}

const RULE_FIELDS: Record<string, string> = {
  registration_type_not_allowed: 'registrationType',
  currency_not_accepted: 'estimatedSize.currency',
  below_minimum_deal_size: 'estimatedSize.amountMinor',
};

// The API's refusal as field errors: its named fields, or the field a program rule concerns.
export function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const f of error.problem.fields ?? []) {
    const name = f.field.replace(/^(changes|details)\./, '');
    out[name] = f.reason;
  }
  const ruled = RULE_FIELDS[error.problem.error];
  if (ruled && !out[ruled]) out[ruled] = error.problem.message;
  return out;
}

type Change = (patch: Partial<DetailsDraft>) => void;

export function TypeFields({ draft, program, errors, onChange }: { draft: DetailsDraft; program: Program | undefined; errors: FieldErrors; onChange: Change }) {
  const allowed = program?.rules.allowedTypes ?? [];
  return (
    <fieldset className="choice-group" aria-describedby={errors.registrationType ? 'type-error' : undefined}>
      <legend>Type of deal</legend>
      {allowed.map((t) => (
        <label key={t} className="choice">
          <input type="radio" name="registrationType" value={t} checked={draft.registrationType === t} onChange={() => onChange({ registrationType: t })} />
          <span>{TYPE_WORDS[t]}</span>
        </label>
      ))}
      {errors.registrationType ? (
        <div className="field-error" id="type-error">
          {errors.registrationType}
        </div>
      ) : null}
    </fieldset>
  );
}

export function CustomerFields({ draft, errors, onChange }: { draft: DetailsDraft; errors: FieldErrors; onChange: Change }) {
  return (
    <>
      <div className="form-row">
        <Field label="Company name" error={errors['customer.companyName']}>
          {(p) => <input {...p} value={draft.companyName} onChange={(e) => onChange({ companyName: e.target.value })} autoComplete="organization" />}
        </Field>
        <Field label="Web domain (optional)" hint="Such as example.com: it helps find other claims on the same customer." error={errors['customer.domain']}>
          {(p) => <input {...p} value={draft.domain} onChange={(e) => onChange({ domain: e.target.value })} inputMode="url" />}
        </Field>
      </div>
      <div className="form-row">
        <Field label="Contact name" error={errors['customer.contactName']}>
          {(p) => <input {...p} value={draft.contactName} onChange={(e) => onChange({ contactName: e.target.value })} autoComplete="off" />}
        </Field>
        <Field label="Contact email" error={errors['customer.contactEmail']}>
          {(p) => <input {...p} type="email" value={draft.contactEmail} onChange={(e) => onChange({ contactEmail: e.target.value })} autoComplete="off" />}
        </Field>
      </div>
    </>
  );
}

export function SizeFields({ draft, program, errors, onChange }: { draft: DetailsDraft; program: Program | undefined; errors: FieldErrors; onChange: Change }) {
  const minimum = program?.rules.minimumDealSize;
  return (
    <>
      <div className="form-row">
        <Field label="Estimated size" hint={minimum && minimum.amountMinor > 0 ? `In major units (dollars, euros). The program's minimum is ${money(minimum)}.` : 'In major units (dollars, euros).'} error={errors['estimatedSize.amountMinor']}>
          {(p) => <input {...p} inputMode="decimal" value={draft.amount} onChange={(e) => onChange({ amount: e.target.value })} />}
        </Field>
        <Field label="Currency" hint="Three-letter code, such as USD." error={errors['estimatedSize.currency']}>
          {(p) => <input {...p} value={draft.currency} maxLength={3} onChange={(e) => onChange({ currency: e.target.value.toUpperCase() })} />}
        </Field>
      </div>
      <Field label="Expected close date" error={errors.expectedCloseDate}>
        {(p) => <input {...p} type="date" value={draft.expectedCloseDate} onChange={(e) => onChange({ expectedCloseDate: e.target.value })} />}
      </Field>
    </>
  );
}

export function ProductsField({ draft, errors, onChange }: { draft: DetailsDraft; errors: FieldErrors; onChange: Change }) {
  return (
    <Field label="Products" hint="One product per line (or separated by commas)." error={errors.products}>
      {(p) => <textarea {...p} rows={4} value={draft.products} onChange={(e) => onChange({ products: e.target.value })} />}
    </Field>
  );
}

// The details as a definition list, for the review step and the registration page.
export function DetailsList({ details }: { details: ReturnType<typeof detailsOf> | Schemas['RegistrationDetails'] }) {
  return (
    <dl className="meta">
      <div>
        <dt>Type</dt>
        <dd>{details.registrationType}</dd>
      </div>
      <div>
        <dt>Customer</dt>
        <dd>{details.customer.companyName}</dd>
      </div>
      <div>
        <dt>Web domain</dt>
        <dd>{details.customer.domain ?? '—'}</dd>
      </div>
      <div>
        <dt>Contact</dt>
        <dd>
          {details.customer.contactName}, {details.customer.contactEmail}
        </dd>
      </div>
      <div>
        <dt>Estimated size</dt>
        <dd>{money(details.estimatedSize)}</dd>
      </div>
      <div>
        <dt>Expected close</dt>
        <dd>{date(details.expectedCloseDate)}</dd>
      </div>
      <div>
        <dt>Products</dt>
        <dd>{details.products.join(', ')}</dd>
      </div>
    </dl>
  );
}
