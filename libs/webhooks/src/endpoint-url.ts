import { hostProblem } from './address-policy';

// Why a webhook URL is refused, or undefined when it is fine. Outside development an endpoint must be https://
// on a public host: no credentials in the URL, no address literal or local-only name that points at the
// service's own network. The same check runs again when a delivery goes out (an endpoint stored under an older
// rule is held to the current one), followed there by the check of the addresses the name resolves to.
export function endpointUrlProblem(raw: string, allowInsecure: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL, e.g. https://partner.example.com/hooks/channel-ledger';
  }
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) return 'must use https';
  if (url.username || url.password) return 'must not carry credentials; the signature authenticates deliveries';
  if (url.hash) return 'must not have a #fragment';
  if (allowInsecure) return undefined;
  // URL has already read decimal, octal and hex IPv4 forms (2130706433, 0x7f.1, 017700000001) as dotted quads
  // and compressed IPv6 literals, so the policy sees the address a connection would go to.
  const problem = hostProblem(url.hostname);
  if (problem) return `must be on a public host (${url.hostname} is ${problem})`;
  return undefined;
}
