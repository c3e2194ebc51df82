import { ValidateBy } from 'class-validator';
import { ValidationFailed, inputProblems, validationPipe } from './validation';

// A validator that throws the way validator.js's isEmail does on an unpaired surrogate (encodeURI: URI malformed).
class Throwing {
  @ValidateBy({ name: 'throws', validator: { validate: () => encodeURI('\ud800') !== '' } }) email!: string;
}

describe('the validation pipe', () => {
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
