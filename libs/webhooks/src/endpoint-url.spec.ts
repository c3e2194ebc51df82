import { endpointUrlProblem } from './endpoint-url';

describe('webhook endpoint URLs', () => {
  it.each(['https://partner.example.com/hooks', 'https://hooks.example.org:8443/x?y=1', 'https://93.184.216.34/in', 'https://partner.example.com./hooks'])('accepts %s', (url) => {
    expect(endpointUrlProblem(url, false)).toBeUndefined();
  });

  it.each([
    ['not a url', 'absolute URL'],
    ['http://partner.example.com/hooks', 'https'],
    ['ftp://partner.example.com/hooks', 'https'],
    ['https://user:pw@partner.example.com/hooks', 'credentials'],
    ['https://partner.example.com/hooks#x', 'fragment'],
    ['https://localhost/hooks', 'public host'],
    ['https://localhost./hooks', 'public host'],
    ['https://LocalHost../hooks', 'public host'],
    ['https://127.0.0.1/hooks', 'public host'],
    ['https://10.1.2.3/hooks', 'public host'],
    ['https://172.20.0.1/hooks', 'public host'],
    ['https://192.168.1.1/hooks', 'public host'],
    ['https://100.100.100.200/hooks', 'public host'],
    ['https://169.254.169.254/latest/meta-data', 'public host'],
    ['https://0.0.0.0/hooks', 'public host'],
    ['https://255.255.255.255/hooks', 'public host'],
    // URL reads these as 127.0.0.1.
    ['https://2130706433/hooks', 'public host'],
    ['https://0x7f.1/hooks', 'public host'],
    ['https://0x7f000001/hooks', 'public host'],
    ['https://017700000001/hooks', 'public host'],
    ['https://0177.0.0.1/hooks', 'public host'],
    ['https://127.1/hooks', 'public host'],
    ['https://%31%32%37.0.0.1/hooks', 'public host'],
    ['https://[::1]/hooks', 'public host'],
    ['https://[::]/hooks', 'public host'],
    ['https://[fd00::1]/hooks', 'public host'],
    ['https://[fe80::1]/hooks', 'public host'],
    ['https://[ff02::1]/hooks', 'public host'],
    ['https://[::ffff:127.0.0.1]/hooks', 'public host'],
    ['https://[::ffff:7f00:1]/hooks', 'public host'],
    ['https://[::127.0.0.1]/hooks', 'public host'],
    ['https://[64:ff9b::127.0.0.1]/hooks', 'public host'],
    ['https://[2002:7f00:1::]/hooks', 'public host'],
    ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks', 'public host'],
    ['https://metadata.internal/x', 'public host'],
    ['https://metadata.google.internal./x', 'public host'],
    ['https://redis.default.svc.cluster.local/x', 'public host'],
    ['https://intranet/x', 'public host'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(endpointUrlProblem(url, false)).toContain(reason);
  });

  it('accepts http and local addresses only when insecure endpoints are allowed (development, tests)', () => {
    expect(endpointUrlProblem('http://127.0.0.1:4000/hooks', true)).toBeUndefined();
    expect(endpointUrlProblem('http://127.0.0.1:4000/hooks', false)).toBeDefined();
    expect(endpointUrlProblem('https://127.0.0.1:4000/hooks', false)).toBeDefined();
  });
});
