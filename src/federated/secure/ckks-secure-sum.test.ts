import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { CkksSecureSum } from './ckks-secure-sum.js';

describe('CkksSecureSum', () => {
  it('sums 5 clients x 1000 floats within CKKS precision (1e-4 absolute at scale 2^40)', async () => {
    const summer = await CkksSecureSum.create();
    const rng = createRng(11);
    const inputs = Array.from({ length: 5 }, (_, c) => ({ clientId: `c${c}`, values: Float32Array.from({ length: 1000 }, () => rng.normal()) }));
    const { sum, clientIds } = await summer.sum(inputs);
    expect(clientIds).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    let worst = 0;
    for (let i = 0; i < 1000; i++) worst = Math.max(worst, Math.abs(sum[i]! - inputs.reduce((s, x) => s + x.values[i]!, 0)));
    expect(worst).toBeLessThan(1e-4);
  });

  it('spans several ciphertexts for vectors longer than the slot count, and the server never decrypts', async () => {
    const summer = await CkksSecureSum.create({ polyModulusDegree: 4096, coeffModulusBits: [40, 20, 40], scaleBits: 20 });
    expect(summer.slots).toBe(2048);
    const a = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: 5000 }, (_, i) => Math.cos(i));
    const ea = summer.encrypt('a', a);
    expect(ea.ciphertexts.length).toBe(3);
    // What the server handles: base64 ciphertexts with no trace of the values.
    expect(JSON.stringify(ea)).not.toContain(String(a[1]).slice(0, 8));
    const total = summer.decrypt(summer.add([ea, summer.encrypt('b', b)]));
    let worst = 0;
    for (let i = 0; i < 5000; i++) worst = Math.max(worst, Math.abs(total[i]! - (a[i]! + b[i]!)));
    expect(worst).toBeLessThan(1e-2); // scale 2^20: about three decimal digits
  });

  it('refuses unsupported parameters and fewer than two clients', async () => {
    await expect(CkksSecureSum.create({ polyModulusDegree: 1000 })).rejects.toThrow(/polyModulusDegree must be 4096, 8192, 16384 or 32768, got 1000/);
    const summer = await CkksSecureSum.create();
    await expect(summer.sum([{ clientId: 'a', values: new Float32Array(3) }])).rejects.toThrow(/at least 2 clients/);
  });
});
