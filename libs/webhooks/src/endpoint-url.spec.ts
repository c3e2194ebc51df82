import { endpointUrlProblem } from './endpoint-url';

describe('webhook endpoint URLs', () => {
  it.each(['https://partner.example.com/hooks', 'https://hooks.example.org:8443/x?y=1', 'https://93.184.216.34/in'])('accepts %s', (url) => {
    expect(endpointUrlProblem(url, false)).toBeUndefined();
  });

  it.each([
    ['not a url', 'absolute URL'],
    ['http://partner.example.com/hooks', 'https'],
    ['ftp://partner.example.com/hooks', 'https'],
    ['https://user:pw@partner.example.com/hooks', 'credentials'],
    ['https://localhost/hooks', 'public host'],
    ['https://127.0.0.1/hooks', 'public host'],
    ['https://10.1.2.3/hooks', 'public host'],
    ['https://172.20.0.1/hooks', 'public host'],
    ['https://192.168.1.1/hooks', 'public host'],
    ['https://169.254.169.254/latest/meta-data', 'public host'],
    ['https://[::1]/hooks', 'public host'],
    ['https://[fd00::1]/hooks', 'public host'],
    ['https://[::ffff:127.0.0.1]/hooks', 'public host'],
    ['https://metadata.internal/x', 'public host'],
    ['https://intranet/x', 'public host'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(endpointUrlProblem(url, false)).toContain(reason);
  });

  it('accepts http and local addresses only when insecure endpoints are allowed (development, tests)', () => {
    expect(endpointUrlProblem('http://127.0.0.1:4000/hooks', true)).toBeUndefined();
    expect(endpointUrlProblem('http://127.0.0.1:4000/hooks', false)).toBeDefined();
  });
});
