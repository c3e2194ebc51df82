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

// The names this machine goes by for a browser on it. A page of another site whose name its owner pointed at
// 127.0.0.1 (DNS rebinding) reaches the server over loopback too, but its requests carry that site's name.
const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

// Local: a loopback peer, not passed on by a proxy, asking by a local name, and (where the browser says where the
// request comes from) not from another site.
export function isLocalRequest(address: string | undefined, headers: Record<string, unknown>): boolean {
  if (!isLoopback(address) || !FORWARDED.every((name) => headers[name] === undefined)) return false;
  const host = headers.host;
  if (typeof host !== 'string' || !LOCAL_HOST.test(host)) return false;
  const site = headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}
