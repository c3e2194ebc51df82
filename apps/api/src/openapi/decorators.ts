import { SetMetadata } from '@nestjs/common';
import { JSONSchema } from 'class-validator-jsonschema';
import type { ResponseTypes } from './response-types';

const ANSWERS = 'channel-ledger:openapi-answers';

// What a route answers with besides JSON of its type: another status, or other media types chosen by the caller.
export interface AnswerOptions {
  status?: number;
  // Other statuses answered with the same type (the health report is also the body of its 503).
  alsoOn?: number[];
  // Media types the same route may answer with instead of JSON (an export format), each as text.
  alternatives?: { mediaType: string; description: string }[];
  // The answer is the record folded from its stream now, which answers 409 record_unreadable when that stream was
  // changed outside the application.
  fromLog?: boolean;
  // The answer is plain text, not JSON (the type names the text's meaning only).
  text?: string;
}

export interface Answer extends AnswerOptions {
  type: keyof ResponseTypes;
}

// The type a query (or a command with its own answer) answers with: a name from ResponseTypes, so a misspelt or
// missing type does not compile, and the document refers to that type's generated schema.
export const Answers = (type: keyof ResponseTypes, options: AnswerOptions = {}) => SetMetadata(ANSWERS, { type, ...options } satisfies Answer);

export function answerOf(handler: object): Answer | undefined {
  return Reflect.getMetadata(ANSWERS, handler) as Answer | undefined;
}

// A field the client must send, which may be null (`ValidateIf(o => o.field !== null)`): the validators skip it
// when it is null, so nothing in their metadata says it is required or nullable.
export const NullableRequired = (): PropertyDecorator => (target, key) => {
  JSONSchema((schema) => {
    const type = schema.type;
    return { ...schema, type: [...(Array.isArray(type) ? type : type ? [type] : []), 'null'] } as typeof schema;
  })(target, String(key));
  const name = target.constructor.name;
  nullableRequired.set(name, [...(nullableRequired.get(name) ?? []), String(key)]);
};

// Class name to its required-and-nullable fields (schemas are keyed by class name too).
export const nullableRequired = new Map<string, string[]>();
