import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

describe('KeyedMutex', () => {
  it('runs work of one key one at a time, in order, and other keys alongside', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const step = (name: string, ticks: number) => async () => {
      log.push(`${name}+`);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      log.push(`${name}-`);
      return name;
    };
    const results = await Promise.all([m.run('a', step('a1', 5)), m.run('a', step('a2', 1)), m.run('b', step('b1', 1))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
  });

  it('keeps going after a failed run', async () => {
    const m = new KeyedMutex();
    await expect(m.run('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await m.run('k', async () => 7)).toBe(7);
  });
});
