import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.js';

describe('password policy', () => {
  it('accepts 12 characters and refuses 11, counting code points rather than UTF-16 units', () => {
    expect(() => checkPassword('abcdefghijkl', 'alice')).not.toThrow();
    expect(() => checkPassword('abcdefghijk', 'alice')).toThrow('password has 11 characters; the minimum is 12');
    // Six emoji are twelve UTF-16 units but six characters.
    expect(() => checkPassword('🔑🔑🔑🔑🔑🔑', 'alice')).toThrow('password has 6 characters; the minimum is 12');
  });

  it('refuses more than the maximum, and the username as password in any case', () => {
    expect(() => checkPassword('x'.repeat(257), 'alice')).toThrow('the maximum is 256');
    expect(() => checkPassword('Alice.Example', 'alice.example')).toThrow('password must not be the username');
  });

  it('follows a custom policy', () => {
    expect(() => checkPassword('short', 'alice', { minLength: 4, maxLength: 8 })).not.toThrow();
    expect(() => checkPassword('too long now', 'alice', { minLength: 4, maxLength: 8 })).toThrow(/invalid|maximum is 8/);
  });
});
