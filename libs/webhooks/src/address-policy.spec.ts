import { addressProblem, hostProblem } from './address-policy';

describe('webhook address policy', () => {
  it.each([
    // IPv4
    '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.255.0.9',
    '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.10', '192.88.99.1', '192.168.0.1',
    '198.18.0.1', '198.19.255.255', '198.51.100.7', '203.0.113.5', '224.0.0.1', '239.255.255.250', '240.0.0.1',
    '255.255.255.255',
    // IPv6
    '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'ff02::1', 'ff05::fb',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:93.184.216.34', '::ffff:0:7f00:1',
    '::127.0.0.1', '::7f00:1', '::a9fe:a9fe', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b:1::1',
    '2002:7f00:1::1', '2002:a00:1::', '2002:c0a8:101::1', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:db8::1', '3fff::1', '100::1', '::ffff:ffff:ffff',
  ])('refuses %s', (ip) => {
    expect(addressProblem(ip)).toBe('not a public address');
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.1', '172.15.255.255', '172.32.0.1', '192.167.1.1', '198.17.0.1', '198.20.0.1', '223.255.255.255', '11.0.0.1', '2606:2800:220:1:248:1893:25c8:1946', '2a00:1450:4001:82a::200e', '64:ff9b::5db8:d822', '2002:5db8:d822::1', '2001:4860:4860::8888'])(
    'accepts %s',
    (ip) => {
      expect(addressProblem(ip)).toBeUndefined();
    },
  );

  it.each([
    ['localhost', 'public host name'],
    ['localhost.', 'public host name'],
    ['LOCALHOST..', 'public host name'],
    ['intranet', 'public host name'],
    ['api.localhost', 'local or internal'],
    ['printer.local', 'local or internal'],
    ['metadata.google.internal', 'local or internal'],
    ['db.svc', 'local or internal'],
    ['kubernetes.default.svc.cluster.local', 'local or internal'],
    ['kubernetes.default.svc.cluster.local.', 'local or internal'],
    ['router.home.arpa', 'local or internal'],
    ['1.0.0.127.in-addr.arpa', 'local or internal'],
    ['nas.lan', 'local or internal'],
    ['hooks.test', 'local or internal'],
    ['a..b.example.com', 'public host name'],
    ['[::1]', 'not a public address'],
    ['127.0.0.1', 'not a public address'],
  ])('refuses the host %s', (host, reason) => {
    expect(hostProblem(host)).toContain(reason);
  });

  it.each(['partner.example.com', 'partner.example.com.', 'HOOKS.Example.ORG', 'localtest.me', '127.0.0.1.nip.io', '[2606:2800:220:1:248:1893:25c8:1946]', '93.184.216.34'])('leaves the host %s to resolution', (host) => {
    // Names are judged by what they resolve to when a delivery goes out (localtest.me and *.nip.io answer
    // 127.0.0.1, and are refused there).
    expect(hostProblem(host)).toBeUndefined();
  });
});
