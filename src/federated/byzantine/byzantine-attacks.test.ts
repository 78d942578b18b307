import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { BYZANTINE_ATTACKS, createByzantineBehaviour } from './byzantine-attacks.js';
import type { ByzantineRound, LabelledRows } from './byzantine-behaviour.js';
import { DEFAULT_PATCH_TRIGGER, stampTrigger } from './backdoor-trigger.js';
import { flipLabels } from './label-flip.js';

const own = [Float32Array.of(1, -2, 0.5), Float32Array.of(-1, 4, 0)];
const honestUpdates = [Float32Array.of(1, 1, 1), Float32Array.of(3, 1, -1)];
const round = (over: Partial<ByzantineRound> = {}): ByzantineRound => ({
  honestUpdates, ownUpdates: own, byzantineCount: 2, clientsInRound: 10, dimension: 3, rng: createRng(3), ...over,
});

/** 20 blank 28 x 28 images, labels 0..9 twice. */
const images = (): LabelledRows => ({
  x: { rows: 20, cols: 784, data: new Float32Array(20 * 784) },
  labels: { codes: Int32Array.from({ length: 20 }, (_, i) => i % 10), classes: 10 },
});

describe('Byzantine attack registry', () => {
  it('names every attack and refuses an unknown one, listing them', () => {
    for (const name of BYZANTINE_ATTACKS) expect(createByzantineBehaviour(name).name).toBe(name);
    expect(() => createByzantineBehaviour('flip')).toThrow(/unknown attack "flip"; available: none, sign-flip, scaling, noise, alie, ipm, label-flip/);
  });

  it('none sends the clients\' own updates unchanged', () => {
    expect(createByzantineBehaviour('none').craft(round()).map((u) => Array.from(u))).toEqual(own.map((u) => Array.from(u)));
  });

  it('sign-flip sends −λ times the own update (λ = 4 by default)', () => {
    expect(Array.from(createByzantineBehaviour('sign-flip').craft(round())[0]!)).toEqual([-4, 8, -2]);
    expect(Array.from(createByzantineBehaviour('sign-flip', { scale: 1 }).craft(round())[1]!)).toEqual([1, -4, -0]);
    expect(() => createByzantineBehaviour('sign-flip', { scale: -1 })).toThrow(/finite number > 0/);
  });

  it('noise sends independent N(0, σ²) draws of the round\'s dimension, ignoring the honest updates', () => {
    const sent = createByzantineBehaviour('noise', { scale: 2 }).craft(round({ dimension: 20_000, ownUpdates: [] }));
    expect(sent).toHaveLength(2);
    const v = sent[0]!;
    let s = 0;
    let s2 = 0;
    for (const x of v) {
      s += x;
      s2 += x * x;
    }
    expect(s / v.length).toBeCloseTo(0, 1);
    expect(Math.sqrt(s2 / v.length)).toBeCloseTo(2, 1);
    expect(Array.from(sent[0]!.subarray(0, 5))).not.toEqual(Array.from(sent[1]!.subarray(0, 5)));
  });

  it('ipm sends −ε times the mean of the honest updates', () => {
    const sent = createByzantineBehaviour('ipm', { scale: 0.5 }).craft(round());
    sent.forEach((u) => Array.from(u).forEach((v, p) => expect(v).toBeCloseTo([-1, -0.5, 0][p]!, 12)));
  });

  it('scaling boosts the own update by n / f by default (model replacement) or by the given γ', () => {
    expect(Array.from(createByzantineBehaviour('scaling').craft(round())[0]!)).toEqual([5, -10, 2.5]);
    expect(Array.from(createByzantineBehaviour('scaling', { scale: 2 }).craft(round())[1]!)).toEqual([-2, 8, 0]);
  });

  it('scaling backdoors the given share of the shard: BadNets patch and the target label, other rows untouched', () => {
    const attack = createByzantineBehaviour('scaling', { target: 3, poisonFraction: 0.5 });
    const shard = images();
    const poisoned = attack.poisonShard!(shard, createRng(5));
    let stamped = 0;
    for (let i = 0; i < 20; i++) {
      const corner = poisoned.x.data[i * 784 + 27 * 28 + 27]!;
      const top = poisoned.x.data[i * 784]!;
      expect(top).toBe(0);
      if (corner === 1) {
        stamped++;
        expect(poisoned.labels.codes[i]).toBe(3);
        expect(poisoned.x.data[i * 784 + 24 * 28 + 24]).toBe(1); // the 4 x 4 patch's top-left pixel
        expect(poisoned.x.data[i * 784 + 23 * 28 + 24]).toBe(0); // just above it
      } else {
        expect(poisoned.labels.codes[i]).toBe(i % 10);
      }
    }
    expect(stamped).toBe(10);
    expect(shard.x.data.every((v) => v === 0)).toBe(true); // the input is not modified
  });

  it('scaling measures success on the triggered test images of the other classes, wanting the target', () => {
    const test = attackTestOf('scaling');
    expect(test.x.rows).toBe(18);
    expect(Array.from(test.wanted)).toEqual(new Array(18).fill(0));
    expect(test.x.data[27 * 28 + 27]).toBe(DEFAULT_PATCH_TRIGGER.value);
  });

  it('label-flip trains on labels y → K − 1 − y and wants the flipped label on every test row', () => {
    expect(Array.from(flipLabels({ codes: Int32Array.of(0, 3, 9, -1), classes: 10 }).codes)).toEqual([9, 6, 0, -1]);
    const attack = createByzantineBehaviour('label-flip');
    expect(Array.from(attack.poisonShard!(images(), createRng(1)).labels.codes.subarray(0, 3))).toEqual([9, 8, 7]);
    expect(Array.from(attackTestOf('label-flip').wanted.subarray(0, 3))).toEqual([9, 8, 7]);
    expect(Array.from(attack.craft(round())[0]!)).toEqual(Array.from(own[0]!));
  });

  it('untargeted attacks have no attack test', () => {
    for (const name of ['none', 'sign-flip', 'noise', 'alie', 'ipm']) expect(createByzantineBehaviour(name).attackTest).toBeUndefined();
  });

  it('the trigger refuses rows that are not the image size', () => {
    expect(() => stampTrigger({ rows: 1, cols: 10, data: new Float32Array(10) }, DEFAULT_PATCH_TRIGGER)).toThrow(/not 28 x 28 = 784 pixels/);
  });
});

function attackTestOf(name: string) {
  return createByzantineBehaviour(name).attackTest!(images());
}
