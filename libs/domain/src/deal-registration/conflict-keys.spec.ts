import { conflictKeys, normaliseCompanyName, normaliseDomain } from './conflict-keys';

describe('conflict keys', () => {
  it.each([
    ['Acme.com', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['https://www.Acme.com/contact?x=1', 'acme.com'],
    ['eu.sales.acme.com', 'acme.com'],
    ['shop.acme.co.uk', 'acme.co.uk'],
    ['acme.co.uk', 'acme.co.uk'],
    ['jane@Sales.Acme.com', 'acme.com'],
    ['acme.com.', 'acme.com'],
  ])('domain %s -> %s', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });

  it('has no domain for a bare word', () => {
    expect(normaliseDomain('localhost')).toBeUndefined();
  });

  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME Corp', 'acme'],
    ['Acme GmbH', 'acme'],
    ['Acme Holdings Ltd', 'acme holdings'],
    ['Société Générale S.A.', 'societe generale'],
    ['Smith & Sons LLC', 'smith and sons'],
    ['Initech L.L.C.', 'initech'],
    ['Inc', 'inc'],
  ])('company %s -> %s', (input, expected) => {
    expect(normaliseCompanyName(input)).toBe(expected);
  });

  it('derives the domain from the contact email when no domain is given', () => {
    expect(conflictKeys({ companyName: 'Acme Inc', domain: null, contactEmail: 'Jane.Doe@acme.com' })).toEqual([
      { kind: 'domain', value: 'acme.com' },
      { kind: 'company', value: 'acme' },
      { kind: 'contact_email', value: 'jane.doe@acme.com' },
    ]);
  });
});
