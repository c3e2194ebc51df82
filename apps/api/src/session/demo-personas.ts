import { Injectable } from '@nestjs/common';
import { DemoPersona } from './session.responses';

// The demo users' tokens, once the embedded default has made them (main.ts sets them after the demo data). Empty in
// every other setup: tokens then come from the identity provider.
@Injectable()
export class DemoPersonas {
  private personas: DemoPersona[] = [];

  set(personas: DemoPersona[]): void {
    this.personas = personas;
  }

  list(): DemoPersona[] {
    return this.personas;
  }
}

// Whether a socket's peer is this machine: the demo tokens open the demo data, so they are handed out only to a
// browser on the machine that runs it.
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

// A request a proxy passed on says so in one of these headers; through a proxy on this machine the peer is loopback
// while the browser may be anywhere, so such a request is not taken to be local.
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

export function isLocalRequest(address: string | undefined, headers: Record<string, unknown>): boolean {
  return isLoopback(address) && FORWARDED.every((name) => headers[name] === undefined);
}
