import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('uses scrypt N=2^15, r=8, p=1 by default with the parameters in the string, and verifies', async () => {
    const hash = await hashPassword('hunter2hunter2');
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(await verifyPassword('hunter2hunter2', hash)).toBe(true);
    expect(await verifyPassword('hunter2hunter3', hash)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same password', 8)).not.toBe(await hashPassword('same password', 8));
  });

  it('verifies with the parameters stored in the hash, whatever the current cost', async () => {
    const cheap = await hashPassword('old account pw', 6);
    expect(cheap.startsWith('scrypt$6$')).toBe(true);
    expect(await verifyPassword('old account pw', cheap)).toBe(true);
  });

  it('treats malformed or hostile stored hashes as non-matching', async () => {
    for (const stored of [
      '',
      'bcrypt$x',
      'scrypt$99$8$1$abc$def',
      'scrypt$10$8$1$c2FsdA$short',
      'scrypt$a$b$c$d$e',
    ]) {
      expect(await verifyPassword('anything', stored), stored).toBe(false);
    }
  });
});
