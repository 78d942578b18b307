import { describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import { parseDetectionPolicy } from './detection-policy.js';

const known = ['isolation-forest', 'lof', 'confident-learning'];

function error(raw: unknown): AntidoteError {
  try {
    parseDetectionPolicy(raw, known, 'p.json');
  } catch (e) {
    return e as AntidoteError;
  }
  throw new Error('expected an error');
}

describe('parseDetectionPolicy', () => {
  it('accepts a full policy', () => {
    const p = parseDetectionPolicy(
      { contaminationBudget: 0.2, threshold: 0.995, detectors: { lof: { enabled: false, params: { k: 30 } } }, run: ['isolation-forest'], sanitize: { action: 'relabel', relabelMinConfidence: 0.9 } },
      known,
    );
    expect(p.run).toEqual(['isolation-forest']);
  });

  it('names the field and the valid choices in every error', () => {
    const unknownDetector = error({ detectors: { iforest2: {} } });
    expect(unknownDetector.message).toBe('unknown detector "iforest2"; available: isolation-forest, lof, confident-learning');
    expect(unknownDetector.location?.path).toEqual(['detectors']);
    expect(error({ sanitize: { action: 'burn' } }).message).toMatch(/one of quarantine, remove, relabel/);
    expect(error({ contaminationBudget: 2 }).location?.path).toEqual(['contaminationBudget']);
    expect(error({ run: ['lof', 3] }).location?.path).toEqual(['run', 1]);
    expect(error({ colour: 'red' }).message).toMatch(/unknown field "colour"/);
    expect(error([]).code).toBe('invalid_input');
  });
});
