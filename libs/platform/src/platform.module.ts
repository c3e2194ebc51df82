import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Platform } from './platform';

export const PLATFORM = Symbol('PLATFORM');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_DB = Symbol('READ_DB');
export const CLOCK = Symbol('CLOCK');

@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}


  static forRoot(platform: Platform): DynamicModule {
    return {
      module: PlatformModule,
      // Global: the application layer's handlers take the event store and read database from it too.
      global: true,
      providers: [
        { provide: PLATFORM, useValue: platform },
        { provide: APP_CONFIG, useValue: platform.config },
        { provide: EVENT_STORE, useValue: platform.eventStore },
        { provide: READ_DB, useValue: platform.readDb },
        { provide: CLOCK, useValue: platform.clock },
      ],
      exports: [PLATFORM, APP_CONFIG, EVENT_STORE, READ_DB, CLOCK],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.platform.close();
  }
}
