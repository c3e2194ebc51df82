import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AuthSettings, unauthorized, UNSTORABLE } from '@channel-ledger/platform';
import { Actor, ENTERPRISE_ROLES, EnterpriseRole, PARTNER_ROLES, PartnerRole } from './actor';


export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly settings: AuthSettings) {
    if (settings.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
    } else if (settings.secret) {
      this.key = settings.secret;
      this.algorithms = ['HS256'];
    } else {
      throw new Error('TokenVerifier needs a JWT secret or a JWKS URL');
    }
  }

  async verify(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      // An explicit algorithm list refuses `alg: none` and algorithm confusion.
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.algorithms,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthorized('token_expired', 'the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw unauthorized('invalid_token', `token claim ${error.claim} is not valid`);
      throw unauthorized('invalid_token', 'the token could not be verified');
    }
    return actorFromClaims(payload);
  }
}

function actorFromClaims(payload: JWTPayload): Actor {
  const userId = payload.sub;
  const roles = payload.roles;
  const partnerId = payload.partner_id;
  if (typeof userId !== 'string' || userId.length === 0) throw unauthorized('invalid_token', 'the token has no subject');
  // The subject and the partner are stored with every event the caller writes and looked up on every request: a
  // value the database cannot hold (NUL, an unpaired surrogate) or an unbounded one is a bad token, not a 500.
  for (const [claim, value] of [['sub', userId], ['partner_id', partnerId]] as const) {
    if (typeof value === 'string' && (value.length > 255 || UNSTORABLE.test(value))) throw unauthorized('invalid_token', `token claim ${claim} is not valid`);
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string')) {
    throw unauthorized('invalid_token', 'the token has no roles');
  }
  const enterprise = roles.filter((r): r is EnterpriseRole => (ENTERPRISE_ROLES as readonly string[]).includes(r));
  const partner = roles.filter((r): r is PartnerRole => (PARTNER_ROLES as readonly string[]).includes(r));
  if (enterprise.length + partner.length !== roles.length) throw unauthorized('invalid_token', 'the token has an unknown role');
  if (partner.length > 0) {
    if (enterprise.length > 0) throw unauthorized('invalid_token', 'a token cannot hold partner and enterprise roles together');
    if (typeof partnerId !== 'string' || partnerId.length === 0) throw unauthorized('invalid_token', 'a partner role needs a partner_id claim');
    return { kind: 'partner', userId, roles: partner, partnerId };
  }
  // A display name only: a value that is not a short, storable string is left out rather than refused.
  const name = payload.name;
  const shown = typeof name === 'string' && name.trim().length > 0 && name.length <= 200 && !UNSTORABLE.test(name) ? name.trim() : undefined;
  return shown ? { kind: 'enterprise', userId, roles: enterprise, name: shown } : { kind: 'enterprise', userId, roles: enterprise };
}
