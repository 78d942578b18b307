import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { POISON_DETECTORS } from './index.js';

describe('POISON_DETECTORS', () => {
  it('lists each detector once, under the name and with the needs its instances report', () => {
    const names = POISON_DETECTORS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of POISON_DETECTORS) {
      const d = entry.factory({ rng: createRng(1) });
      expect(d.name).toBe(entry.name);
      expect([...d.requires].sort()).toEqual([...entry.requires].sort());
      expect(entry.requires).toContain('labels');
      expect(entry.description.length).toBeGreaterThan(20);
    }
  });

  it('rejects parameters of the wrong type at run time (the registry passes unknown values)', () => {
    for (const entry of POISON_DETECTORS) {
      let caught: unknown;
      try {
        entry.factory({ rng: createRng(1), contamination: '0.1' as unknown as number });
      } catch (e) {
        caught = e;
      }
      expect(isAntidoteError(caught, 'invalid_input'), entry.name).toBe(true);
    }
  });
});
