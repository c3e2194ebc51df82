import { Type } from 'class-transformer';
import { IsIn, IsString, ValidateBy, ValidateNested } from 'class-validator';
import { IsDateOrDateTime, ValidationFailed, inputProblems, validationPipe } from './validation';

// A validator that throws the way validator.js's isEmail does on an unpaired surrogate (encodeURI: URI malformed).
class Throwing {
  @ValidateBy({ name: 'throws', validator: { validate: () => encodeURI('\ud800') !== '' } }) email!: string;
}

class Inner {
  @IsDateOrDateTime() at!: string;
}

class Outer {
  @IsIn(['stage', 'partner']) groupBy!: string;
  @IsString({ each: true }) tags!: string[];
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}

describe('the validation pipe', () => {
  it('gives reasons that do not repeat the field they are about', async () => {
    const failure = await validationPipe()
      .transform({ groupBy: 'foo', tags: [1], inner: { at: 'soon' }, extra: 1 }, { type: 'query', metatype: Outer })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationFailed);
    expect((failure as ValidationFailed).fields).toEqual([
      { field: 'extra', reason: 'should not exist' },
      { field: 'groupBy', reason: 'must be one of the following values: stage, partner' },
      { field: 'tags', reason: 'each value must be a string' },
      { field: 'inner.at', reason: 'must be a date (2027-03-31) or a date-time with an offset (2027-03-31T12:00:00Z)' },
      { field: 'inner.at', reason: 'must be a valid ISO 8601 date string' },
      { field: 'inner.at', reason: 'must fall in the years 0001 to 9999' },
    ]);
    expect((failure as ValidationFailed).message).toMatch(/^the request is not valid: extra should not exist; groupBy must be one of/);
  });

  it('answers a validator that throws with a 400 naming the input, not an unexpected error', async () => {
    const failure = await validationPipe()
      .transform({ email: 'someone@example.com' }, { type: 'body', metatype: Throwing })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationFailed);
    expect((failure as ValidationFailed).fields).toEqual([{ field: 'body', reason: 'could not be validated' }]);
  });

  it('names every NUL, unpaired surrogate and prototype key by its path', () => {
    expect(inputProblems({ customer: { email: 'a\u0000b', name: 'ok 💥' }, products: ['x', '\udc00'], ['k\u0000']: 1, constructor: {} })).toEqual([
      { field: 'customer.email', reason: 'must not contain a NUL character (U+0000)' },
      { field: 'products[1]', reason: 'must not contain an unpaired UTF-16 surrogate' },
      { field: 'k\\u0000', reason: 'property name must not contain a NUL character (U+0000)' },
      { field: 'constructor', reason: 'is not an allowed property name' },
    ]);
  });
});
