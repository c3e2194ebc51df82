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
