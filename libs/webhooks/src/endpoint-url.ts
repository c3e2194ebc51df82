import { isIP } from 'node:net';

// Why a webhook URL is refused, or undefined when it is fine. Outside development an endpoint must be https://
// on a public host: no credentials in the URL, no loopback, private, link-local or unspecified address literals
// and no local-only names, so a partner cannot point deliveries at the service's own network.
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
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || /\.(localhost|local|internal|localdomain)$/.test(host) || !host.includes('.') && isIP(host) === 0) return 'must be on a public host';
  if (isIP(host) !== 0 && !publicAddress(host)) return 'must be on a public host, not a loopback, private or link-local address';
  return undefined;
}

function publicAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number);
    if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
    if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
    if (a === 169 && b === 254) return false;
    if (a === 172 && b >= 16 && b <= 31) return false;
    if (a === 192 && b === 168) return false;
    return true;
  }
  const v6 = ip.toLowerCase();
  if (v6 === '::' || v6 === '::1') return false;
  if (v6.startsWith('::ffff:')) {
    const rest = v6.slice(7);
    if (isIP(rest) === 4) return publicAddress(rest);
    // IPv4-mapped in hex groups, as URL normalises it: ::ffff:7f00:1 is 127.0.0.1.
    const [hi, lo] = rest.split(':').map((g) => parseInt(g, 16));
    return publicAddress([hi >> 8, hi & 255, lo >> 8, lo & 255].join('.'));
  }
  return !/^(fc|fd|fe[89ab])/.test(v6);
}
