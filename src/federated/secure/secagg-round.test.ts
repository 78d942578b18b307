import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { encodeFixedPoint } from './fixed-point.js';
import { seededRandomBytes } from './random-bytes.js';
import { runSecAggRound, SECAGG_DROPOUT_STAGES, type SecAggDropoutStage } from './run-secagg-round.js';
import { SecAggClient } from './secagg-client.js';
import { validateSecAggConfig, type SecAggConfig } from './secagg-config.js';
import { decodeWords, parseSecAggMessage, type UnmaskRequestMessage, type UnmaskResponseMessage } from './secagg-messages.js';
import { SecAggServer } from './secagg-server.js';

const SCALE = 2 ** 16;

function configOf(n: number, t: number, dimension: number, sessionId = 'round-1'): SecAggConfig {
  return { sessionId, clientCount: n, threshold: t, dimension, fixedPoint: { scale: SCALE, maxAbsValue: 4 } };
}

function inputsOf(n: number, dimension: number, seed = 1): { clientId: string; values: Float32Array }[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, c) => ({
    clientId: `client-${String(c).padStart(2, '0')}`,
    values: Float32Array.from({ length: dimension }, () => Math.max(-4, Math.min(4, rng.normal()))),
  }));
}

/** max |recovered − exact| over coordinates, against the float64 sum of the named clients. */
function sumError(sum: Float64Array, inputs: readonly { clientId: string; values: Float32Array }[], included: readonly string[]): number {
  const exact = new Float64Array(sum.length);
  for (const input of inputs) if (included.includes(input.clientId)) input.values.forEach((v, i) => (exact[i] = exact[i]! + v));
  let worst = 0;
  sum.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - exact[i]!))));
  return worst;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Drives a round by hand up to the masked inputs of the first `masking` clients, for tamper tests. */
function roundUpToMasked(n: number, t: number, dimension: number, masking = n) {
  const config = configOf(n, t, dimension);
  const random = seededRandomBytes('manual');
  const inputs = inputsOf(n, dimension);
  const server = new SecAggServer(config);
  const clients = inputs.map((i) => new SecAggClient(i.clientId, config, { randomBytes: random }));
  for (const c of clients) server.receiveAdvertisement(c.advertiseKeys());
  const directory = server.keyDirectory();
  for (const c of clients) server.receiveShareKeys(c.shareKeys(directory));
  const deliveries = server.sharesDeliveries();
  clients.slice(0, masking).forEach((c, i) => server.receiveMaskedInput(c.maskInput(deliveries[i]!, inputs[i]!.values)));
  return { config, server, clients, inputs };
}

/** Drives a round by hand up to the unmasking requests (all clients attest), for tamper tests. */
function roundUpToUnmask(n: number, t: number, dimension: number, masking = n) {
  const round = roundUpToMasked(n, t, dimension, masking);
  const consistency = round.server.consistencyRequest();
  for (const c of round.clients.slice(0, masking)) round.server.receiveConsistencyResponse(c.attestSurvivors(consistency));
  return { ...round, requests: round.server.unmaskRequests() };
}

describe('secure aggregation round (Bonawitz et al. 2017)', () => {
  it('recovers the exact sum with no dropouts, up to fixed-point resolution', () => {
    const inputs = inputsOf(8, 257);
    const r = runSecAggRound({ config: configOf(8, 5, 257), inputs, randomBytes: seededRandomBytes(1) });
    expect(r.survivors).toEqual(inputs.map((i) => i.clientId));
    expect(sumError(r.sum, inputs, r.survivors)).toBeLessThanOrEqual((8 * 0.5) / SCALE + 1e-9);
    // The fixed-point resolution is the only error: a coarser scale gives a visibly larger one.
    expect(sumError(r.sum, inputs, r.survivors)).toBeGreaterThan(0);
  });

  it.each(SECAGG_DROPOUT_STAGES.map((s) => [s]))('recovers the sum when a client drops before "%s"', (stage: SecAggDropoutStage) => {
    const inputs = inputsOf(7, 64, 2);
    const r = runSecAggRound({ config: configOf(7, 4, 64), inputs, dropouts: { 'client-03': stage }, randomBytes: seededRandomBytes(stage) });
    // A client that already sent its masked input stays in the sum even if it never answers the unmasking.
    const expected = inputs.map((i) => i.clientId).filter((id) => stage === 'consistency' || stage === 'unmask' || id !== 'client-03');
    expect(r.survivors).toEqual(expected);
    expect(sumError(r.sum, inputs, r.survivors)).toBeLessThanOrEqual((7 * 0.5) / SCALE + 1e-9);
  });

  it('recovers the sum with n − t dropouts spread over every stage', () => {
    const inputs = inputsOf(12, 100, 3);
    const dropouts = { 'client-01': 'advertise-keys', 'client-04': 'share-keys', 'client-06': 'masked-input', 'client-08': 'consistency', 'client-09': 'unmask' } as const;
    const r = runSecAggRound({ config: configOf(12, 7, 100), inputs, dropouts, randomBytes: seededRandomBytes(3) });
    expect(r.survivors).toEqual(['client-00', 'client-02', 'client-03', 'client-05', 'client-07', 'client-08', 'client-09', 'client-10', 'client-11']);
    expect(sumError(r.sum, inputs, r.survivors)).toBeLessThanOrEqual((12 * 0.5) / SCALE + 1e-9);
  });

  const tooMany: [SecAggDropoutStage, RegExp][] = [
    ['advertise-keys', /only 3 of 6 clients advertised keys; the threshold t = 4 needs at least 4 \(at most n - t = 2 of n = 6 may drop out\)/],
    ['share-keys', /only 3 of 6 clients shared their keys/],
    ['masked-input', /only 3 of 6 clients sent masked inputs/],
    ['consistency', /only 3 of 6 clients attested the survivors/],
    ['unmask', /only 3 of 6 clients answered the unmasking request/],
  ];
  it.each(tooMany)('fails with a clear conflict when n − t + 1 clients drop before "%s"', (stage, message) => {
    const inputs = inputsOf(6, 8);
    const dropouts = Object.fromEntries(inputs.slice(0, 3).map((i) => [i.clientId, stage]));
    let error: unknown;
    try {
      runSecAggRound({ config: configOf(6, 4, 8), inputs, dropouts, randomBytes: seededRandomBytes(4) });
    } catch (e) {
      error = e;
    }
    expect(isAntidoteError(error, 'conflict')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a threshold of n/2 or less and a fixed point that would overflow', () => {
    expect(() => validateSecAggConfig(configOf(10, 5, 4))).toThrow(/threshold must be an integer with n\/2 < t <= n, i.e. in \[6, 10\]/);
    expect(() => validateSecAggConfig({ ...configOf(100, 60, 4), fixedPoint: { scale: 2 ** 24, maxAbsValue: 4 } })).toThrow(/fixed-point overflow/);
  });
});

describe("the server's view", () => {
  it('a masked input is uncorrelated with the update and uniform mod 2^32', () => {
    const dimension = 100_000;
    const inputs = inputsOf(5, dimension, 5);
    // A highly structured update: a ramp from −4 to 4 that any leak would show.
    inputs[0] = { clientId: 'client-00', values: Float32Array.from({ length: dimension }, (_, i) => -4 + (8 * i) / dimension) };
    const r = runSecAggRound({ config: configOf(5, 3, dimension), inputs, randomBytes: seededRandomBytes(5) });
    const seen = r.transcript.find((m) => m.type === 'masked-input' && m.clientId === 'client-00');
    if (seen?.type !== 'masked-input') throw new Error('masked input missing from the transcript');
    const masked = decodeWords(seen.maskedInput, dimension);
    const truth = inputs[0]!.values;
    // Unmasked, the encoding is perfectly correlated with the update: the test would see a leak.
    expect(pearson(Int32Array.from(encodeFixedPoint(truth, configOf(5, 3, dimension).fixedPoint)), truth)).toBeGreaterThan(0.999);
    // Masked, as unsigned or as signed words: correlation within 5 standard errors (1/√n) of 0.
    expect(Math.abs(pearson(masked, truth))).toBeLessThan(5 / Math.sqrt(dimension));
    expect(Math.abs(pearson(Int32Array.from(masked), truth))).toBeLessThan(5 / Math.sqrt(dimension));
    // Chi-square of the top byte over 256 bins: 255 degrees of freedom, 99.99th percentile ≈ 347.
    const bins = new Array<number>(256).fill(0);
    for (const w of masked) bins[w >>> 24]! += 1;
    const expected = dimension / 256;
    const chi2 = bins.reduce((s, b) => s + (b - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(347);
  });

  it('never holds both the self-mask seed shares and the mask-key shares of one client', () => {
    const inputs = inputsOf(9, 16, 6);
    const r = runSecAggRound({
      config: configOf(9, 5, 16),
      inputs,
      dropouts: { 'client-02': 'masked-input', 'client-05': 'masked-input', 'client-07': 'unmask' },
      randomBytes: seededRandomBytes(6),
    });
    const responses = r.transcript.filter((m): m is UnmaskResponseMessage => m.type === 'unmask-response');
    expect(responses.length).toBe(6); // 9 clients, two dropped before their masked input, one before unmasking
    const seedOwners = new Set(responses.flatMap((m) => m.seedShares.map((s) => s.owner)));
    const keyOwners = new Set(responses.flatMap((m) => m.maskingKeyShares.map((s) => s.owner)));
    expect([...keyOwners].sort()).toEqual(['client-02', 'client-05']);
    for (const owner of seedOwners) expect(keyOwners.has(owner)).toBe(false);
    // The shares themselves crossed the server only encrypted: no share-keys message carries a field element in clear.
    const shareKeys = r.transcript.filter((m) => m.type === 'share-keys');
    expect(shareKeys.length).toBe(9);
    for (const m of shareKeys) expect(JSON.stringify(m)).not.toMatch(/"seed"|"maskingKey"/);
  });
});

describe('a dishonest server', () => {
  it('is refused when it asks for both kinds of shares of one client', () => {
    const { clients, requests } = roundUpToUnmask(5, 3, 4);
    const both: UnmaskRequestMessage = { ...requests[0]!, dropped: ['client-01'] };
    let error: unknown;
    try {
      clients[0]!.unmask(both);
    } catch (e) {
      error = e;
    }
    expect(isAntidoteError(error, 'forbidden')).toBe(true);
    expect((error as Error).message).toMatch(/lists "client-01" both as a survivor and as dropped/);
  });

  it('is refused when it asks a client a second time, with a different story', () => {
    const { clients, requests } = roundUpToUnmask(5, 3, 4);
    const request = requests[0]!;
    expect(clients[0]!.unmask(request).seedShares.map((s) => s.owner)).toContain('client-01');
    const otherStory: UnmaskRequestMessage = { ...request, survivors: request.survivors.filter((id) => id !== 'client-01'), dropped: ['client-01'] };
    expect(() => clients[0]!.unmask(otherStory)).toThrow(/already answered the unmasking request/);
  });

  it('telling different clients different survivor lists gets fewer than t shares of one kind', () => {
    // n = 7, t = 4: three clients are told that client-06 did not survive, the other four (client-06
    // included) that it did. The first story gathers only 3 attestations, so its mask-key shares are never released.
    const { clients, server, config } = roundUpToMasked(7, 4, 4);
    const truth = server.consistencyRequest();
    const story = { ...truth, survivors: truth.survivors.filter((id) => id !== 'client-06') };
    const toldStory = clients.slice(0, 3).map((c) => c.attestSurvivors(story));
    const toldTruth = clients.slice(3).map((c) => c.attestSurvivors(truth));
    const allTags = [...toldStory, ...toldTruth].flatMap((r) => r.tags);
    const forged = (to: string, survivors: readonly string[], dropped: readonly string[]): UnmaskRequestMessage => ({
      type: 'unmask-request',
      sessionId: config.sessionId,
      clientId: to,
      survivors,
      dropped,
      tags: allTags.filter((t) => t.to === to), // every tag the server has for this client, whatever list it covers
    });
    // The story's believers refuse: only they attested it, and tags on the true list do not count for it.
    expect(() => clients[0]!.unmask(forged('client-00', story.survivors, ['client-06']))).toThrow(
      /only 3 survivors \(this client included\) attested the same survivors list; t = 4 are needed/,
    );
    // Nor will they release shares against the true list, which they never attested.
    expect(() => clients[1]!.unmask(forged('client-01', truth.survivors, []))).toThrow(/differ from the 6 survivors client "client-01" attested/);
    // The truth's believers answer with seed shares only: 4 shares of client-06's seed, none of its mask key.
    const answers = clients.slice(3).map((c) => c.unmask(forged(c.clientId, truth.survivors, [])));
    expect(answers.flatMap((a) => a.maskingKeyShares)).toEqual([]);
    expect(answers.map((a) => a.seedShares.find((s) => s.owner === 'client-06')).filter(Boolean).length).toBe(4);
  });

  it('is refused when a survivor is asked to attest a second list, or a list without itself', () => {
    const { clients, server } = roundUpToMasked(5, 3, 4);
    const truth = server.consistencyRequest();
    clients[0]!.attestSurvivors(truth);
    expect(() => clients[0]!.attestSurvivors({ ...truth, survivors: truth.survivors.slice(1) })).toThrow(/already attested the survivors/);
    expect(() => clients[1]!.attestSurvivors({ ...truth, survivors: truth.survivors.filter((id) => id !== 'client-01') })).toThrow(/leaves out "client-01"/);
  });

  it('is refused when it swaps a client’s own keys in the directory or lists fewer than t clients', () => {
    const config = configOf(4, 3, 2);
    const random = seededRandomBytes('dir');
    const clients = ['a', 'b', 'c', 'd'].map((id) => new SecAggClient(id, config, { randomBytes: random }));
    const ads = clients.map((c) => c.advertiseKeys());
    const keys = ads.map(({ clientId, encryptionPublicKey, maskingPublicKey }) => ({ clientId, encryptionPublicKey, maskingPublicKey }));
    const swapped = keys.map((k, i) => (i === 0 ? { ...k, maskingPublicKey: keys[1]!.encryptionPublicKey.replace(/^./, 'A') } : k));
    expect(() => clients[0]!.shareKeys({ type: 'key-directory', sessionId: config.sessionId, clients: swapped })).toThrow(/replaced the public keys of client "a"/);
    expect(() => clients[1]!.shareKeys({ type: 'key-directory', sessionId: config.sessionId, clients: keys.slice(0, 2) })).toThrow(/lists 2 clients; round "round-1" needs between t = 3 and n = 4/);
  });

  it('detects a wrong mask-key share when rebuilding a dropped client’s key', () => {
    const { clients, server, requests } = roundUpToUnmask(5, 3, 4, 4);
    expect(requests[0]!.dropped).toEqual(['client-04']);
    clients.slice(0, 4).forEach((c, i) => {
      const response = c.unmask(requests[i]!);
      const tampered = i === 0 ? { ...response, maskingKeyShares: response.maskingKeyShares.map((s) => ({ ...s, y: s.y.map((v) => (BigInt(`0x${v}`) ^ 1n).toString(16)) })) } : response;
      server.receiveUnmaskResponse(tampered);
    });
    expect(() => server.finish()).toThrow(/rebuilt masking key of dropped client "client-04" does not match its public key/);
  });

  it('rejects an advertised key that is not 32 bytes or already in use, and a round that is already full', () => {
    const config = configOf(2, 2, 2);
    const server = new SecAggServer(config);
    const ad = new SecAggClient('a', config, { randomBytes: seededRandomBytes('ad') }).advertiseKeys();
    expect(() => server.receiveAdvertisement({ ...ad, maskingPublicKey: 'AAAA' })).toThrow(/"a" advertised a public key that is not 32 bytes/);
    server.receiveAdvertisement(ad);
    // A second client with the same randomness would reuse the first one's keys.
    expect(() => server.receiveAdvertisement(new SecAggClient('b', config, { randomBytes: seededRandomBytes('ad') }).advertiseKeys())).toThrow(/"b" advertised a public key already in use/);
    server.receiveAdvertisement(new SecAggClient('b', config, { randomBytes: seededRandomBytes('ad-b') }).advertiseKeys());
    expect(() => server.receiveAdvertisement(new SecAggClient('c', config, { randomBytes: seededRandomBytes('ad-c') }).advertiseKeys())).toThrow(/is full: it admits n = 2 clients/);
    expect(server.transcript().length).toBe(2); // refused messages leave no trace
  });

  it('refuses masked inputs that arrive after the unmasking request, and from clients that did not share', () => {
    const config = configOf(4, 3, 2);
    const random = seededRandomBytes('late');
    const inputs = inputsOf(4, 2);
    const server = new SecAggServer(config);
    const clients = inputs.map((i) => new SecAggClient(i.clientId, config, { randomBytes: random }));
    for (const c of clients) server.receiveAdvertisement(c.advertiseKeys());
    const directory = server.keyDirectory();
    for (const c of clients.slice(0, 3)) server.receiveShareKeys(c.shareKeys(directory));
    const deliveries = server.sharesDeliveries();
    clients.slice(0, 3).forEach((c, i) => server.receiveMaskedInput(c.maskInput(deliveries[i]!, inputs[i]!.values)));
    expect(() => server.receiveMaskedInput({ type: 'masked-input', sessionId: config.sessionId, clientId: 'client-03', maskedInput: 'AAAAAAAAAAA=' })).toThrow(
      /"client-03" did not share keys/,
    );
    server.consistencyRequest();
    expect(() => server.receiveMaskedInput({ type: 'masked-input', sessionId: config.sessionId, clientId: 'client-00', maskedInput: 'AAAAAAAAAAA=' })).toThrow(
      /arrived in phase "consistency"; it is accepted only in phase "masked-input"/,
    );
  });
});

describe('parseSecAggMessage', () => {
  it('names the unknown type and the malformed field', () => {
    expect(() => parseSecAggMessage({ type: 'gimme-keys', sessionId: 'r' })).toThrow(/unknown message type "gimme-keys"; expected one of advertise-keys, key-directory/);
    try {
      parseSecAggMessage({ type: 'unmask-response', sessionId: 'r', clientId: 'a', seedShares: [{ owner: 'b', x: 0, y: [] }], maskingKeyShares: [] });
      expect.unreachable();
    } catch (e) {
      expect(isAntidoteError(e, 'invalid_input')).toBe(true);
      expect((e as { location: unknown }).location).toEqual({ path: ['seedShares', 0, 'x'] });
    }
  });
});
