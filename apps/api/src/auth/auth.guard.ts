import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { EVENT_STORE, PLATFORM, Platform, forbidden, unauthorized, HttpProblem } from '@channel-ledger/platform';
import { PartnerDirectory, StreamReads, withStreamReads } from '@channel-ledger/application';
import { EventStore } from '@channel-ledger/event-store';
import { RequestWithReads } from '../common/stream-reads.interceptor';
import { Actor, PartnerRole, Role, TokenVerifier, actingRole, hasRole } from '@channel-ledger/auth';
import { RateLimiter } from './rate-limiter';

const PUBLIC = 'channel-ledger:public';
const ROLES = 'channel-ledger:roles';

// Open to callers without a token (health, docs).
export const Public = () => SetMetadata(PUBLIC, true);
// Which roles may call a route; every command route states it.
export const AllowRoles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = FastifyRequest & RequestWithReads & { actor: Actor; actingRole: Role };

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier: TokenVerifier;
  private readonly limiter: RateLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly directory: PartnerDirectory,
    @Inject(PLATFORM) platform: Platform,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.verifier = new TokenVerifier(platform.auth);
    // The platform's clock: windows move with the time commands see (a test can hold it still).
    this.limiter = new RateLimiter(platform.config.rateLimitPerMinute, () => platform.clock.now().getTime());
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    if (!match) throw unauthorized('missing_token', 'send a bearer token in the Authorization header');
    const actor = await this.verifier.verify(match[1]);
    // Counted per verified token, before any other work: a token over its allowance costs one hash.
    const wait = this.limiter.take(match[1]);
    if (wait !== undefined) {
      throw new HttpProblem(429, 'rate_limited', `too many requests for this token; retry in ${wait} s`, { 'Retry-After': String(wait) });
    }
    // The membership is read as the first of the request's reads: the handler's read of the same partner is this one.
    const reads = (request.streamReads ??= new StreamReads(this.store));
    request.actor = actor.kind === 'partner' ? await withStreamReads(reads, () => this.fromLog(actor)) : actor;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (allowed && !hasRole(request.actor, allowed)) throw forbidden(`this action needs one of the roles: ${allowed.join(', ')}`);
    // The role the request acts in, recorded on its events: chosen here, once, from the route's declared roles.
    request.actingRole = allowed ? actingRole(request.actor, allowed) : request.actor.roles[0];
    return true;
  }

  // A token says who the caller is; what partner staff may do is what the log says now. The member must be active
  // at the partner the token names (deactivation is immediate), and acts with the role the log gives it: a token
  // minted before a demotion keeps no manager powers. A token may ask for less (an associate-only token of a
  // manager acts as an associate), never for more.
  private async fromLog(actor: Extract<Actor, { kind: 'partner' }>): Promise<Actor> {
    const member = await this.directory.activeMember(actor.partnerId, actor.userId);
    if (!member) throw unauthorized('member_inactive', 'the token belongs to a staff member who is not active at that partner');
    const roles: PartnerRole[] = member.role === 'partner_manager' ? actor.roles : ['partner_associate'];
    return { ...actor, roles };
  }
}
