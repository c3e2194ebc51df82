import { SignJWT } from 'jose';
import { Role } from './actor';

export interface TokenRequest {
  subject: string;
  roles: Role[];
  partnerId?: string;
  expiresIn?: string;
  // A display name, as the OpenID `name` claim.
  name?: string;
}

// Local tokens (HS256) for development, the demo and tests; production uses the identity provider's.
export async function mintToken(secret: Uint8Array, issuer: string, audience: string, request: TokenRequest): Promise<string> {
  return new SignJWT({ roles: request.roles, ...(request.partnerId ? { partner_id: request.partnerId } : {}), ...(request.name ? { name: request.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(secret);
}
