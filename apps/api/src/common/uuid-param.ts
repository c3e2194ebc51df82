import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ValidationFailed } from './validation';

const ANY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// A record id in the path: refused in the error shape, naming the parameter, like any other field.
export class UuidParam implements PipeTransform<unknown, string> {
  constructor(private readonly version: 4 | 'any' = 4) {}

  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && (this.version === 4 ? UUID_V4 : ANY_UUID).test(value)) return value;
    throw new ValidationFailed([{ field: metadata.data ?? 'id', reason: this.version === 4 ? 'must be a UUID (version 4)' : 'must be a UUID' }]);
  }
}
