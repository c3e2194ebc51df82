import { isIP } from 'node:net';

// The one answer to "may a webhook go to this IP address?", asked of address literals when an endpoint is
// registered and of every address a name resolves to when a delivery goes out. Anything that is not globally
// reachable unicast is refused: a partner must never be able to aim deliveries at the service's own network
// (loopback, private ranges, cloud metadata on link-local, the cluster) by address or through a DNS answer.

type V4 = [number, number, number, number];

// IPv4 ranges that are not public (IANA special-purpose registry, "globally reachable: false", plus multicast,
// reserved and broadcast).
const V4_REFUSED: [V4, number][] = [
  [[0, 0, 0, 0], 8], // "this network", 0.0.0.0 reaches the local host
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local, cloud metadata services
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2, 0], 24], // documentation
  [[192, 88, 99, 0], 24], // 6to4 relay anycast
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24], // documentation
  [[203, 0, 113, 0], 24], // documentation
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, and 255.255.255.255 broadcast
];

function v4Number([a, b, c, d]: V4): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function v4InRange(ip: V4, [base, bits]: [V4, number]): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((v4Number(ip) & mask) >>> 0) === ((v4Number(base) & mask) >>> 0);
}

function parseV4(ip: string): V4 {
  return ip.split('.').map(Number) as V4;
}

// Eight 16-bit groups; a trailing dotted IPv4 part (::ffff:127.0.0.1) counts as the last two.
function parseV6(ip: string): number[] {
  let text = ip.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = parseV4(dotted[1]);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function embeddedV4(hi: number, lo: number): V4 {
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

function v4Problem(ip: V4): string | undefined {
  return V4_REFUSED.some((range) => v4InRange(ip, range)) ? 'not a public address' : undefined;
}

function v6Problem(g: number[]): string | undefined {
  // NAT64 (64:ff9b::/96) carries an IPv4 address a DNS64 resolver translated: it is as public as that address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4Problem(embeddedV4(g[6], g[7]));
  // Only global unicast (2000::/3) is public. This refuses ::, ::1, IPv4-mapped (::ffff:0:0/96) and
  // IPv4-compatible (::a.b.c.d) forms whatever they embed, unique-local fc00::/7, link-local fe80::/10 and
  // multicast ff00::/8.
  if ((g[0] & 0xe000) !== 0x2000) return 'not a public address';
  // 2001::/23 holds Teredo (2001::/32, which tunnels to embedded IPv4 addresses) and other protocol assignments.
  if (g[0] === 0x2001 && g[1] < 0x200) return 'not a public address';
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'not a public address'; // documentation
  if (g[0] === 0x3fff && g[1] < 0x1000) return 'not a public address'; // documentation (3fff::/20)
  // 6to4 (2002::/16) routes to the IPv4 address in bits 16-47.
  if (g[0] === 0x2002) return v4Problem(embeddedV4(g[1], g[2]));
  return undefined;
}

// Why a webhook may not go to this IP address (IPv4 or IPv6 text), or undefined when it is public.
export function addressProblem(ip: string): string | undefined {
  const family = isIP(ip.replace(/%.*$/, ''));
  if (family === 4) return v4Problem(parseV4(ip));
  if (family === 6) return v6Problem(parseV6(ip));
  return 'not an IP address';
}

// Names that only mean something inside a network (RFC 6761 and 6762 special-use names, names private networks
// and clusters use) never get to the resolver: the answer a partner would get from public DNS is not the one the
// service's resolver gives for them.
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'localdomain', 'lan', 'home', 'home.arpa', 'corp', 'intranet', 'svc', 'cluster.local', 'arpa', 'test', 'invalid', 'onion'];

// The form of a host name that is checked and resolved: lowercase, without the trailing dot(s) that make
// "localhost." the same name as "localhost", and without the brackets of an IPv6 literal.
export function normalHostname(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.+$/, '');
}

// Why a webhook may not go to this host (a name or an address literal, as URL.hostname gives it), or undefined.
export function hostProblem(hostname: string): string | undefined {
  const host = normalHostname(hostname);
  if (isIP(host) !== 0) return addressProblem(host);
  if (host === '' || !host.includes('.')) return 'not a public host name';
  const labels = host.split('.');
  if (labels.some((label) => label === '')) return 'not a public host name';
  for (const suffix of LOCAL_SUFFIXES) if (host === suffix || host.endsWith(`.${suffix}`)) return 'a local or internal name';
  // A name made only of digits and dots that URL did not read as an address is no DNS name a receiver has.
  if (/^[\d.]+$/.test(host)) return 'not a public host name';
  return undefined;
}
