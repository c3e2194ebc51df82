import { InvalidInput } from './domain-error';

// Money is integer minor units with a currency: no floating point anywhere.
export interface Money {
  amountMinor: number;
  currency: string;
}

export function multiply(amountMinor: number, factor: number, field: string): number {
  const product = amountMinor * factor;
  if (!Number.isSafeInteger(product)) throw new InvalidInput(field, 'amount_too_large', 'the amount is too large to represent exactly');
  return product;
}

export function sum(amounts: number[], field: string): number {
  const total = amounts.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total)) throw new InvalidInput(field, 'amount_too_large', 'the total is too large to represent exactly');
  return total;
}
