/**
 * {@link SecureSum} by homomorphic encryption. Cheon, Kim, Kim & Song (2017), "Homomorphic
 * Encryption for Arithmetic of Approximate Numbers" (CKKS), ASIACRYPT, on Microsoft SEAL through
 * node-seal: clients encrypt their updates under a public key, the server adds ciphertexts without
 * any key, and only the key holder, who sees nothing but the encrypted sum, decrypts it. The key
 * holder must not collude with the server (SEAL has no threshold decryption). Results are
 * approximate: about 1e-6 absolute error per value at the default 2^40 scale. Meant for small
 * models: each ciphertext holds polyModulusDegree / 2 values and is ~0.3 MB serialised.
 */
import sealModule from 'node-seal';
import type { SEALLibrary as SealLibrary } from 'node-seal/implementation/seal.js';
import { invalidInput } from '../../core/errors.js';
import type { SecureSum, SecureSumInput, SecureSumResult } from './secure-sum.js';

// node-seal is a UMD bundle whose module.exports is the loader itself; its typings describe an ES
// default export, which NodeNext reads as a namespace, so the loader is typed here.
const loadSeal = sealModule as unknown as () => Promise<SealLibrary>;
type SealContext = ReturnType<SealLibrary['Context']>;
type SealCipherText = ReturnType<SealLibrary['CipherText']>;

/** CKKS parameters. */
export interface CkksSecureSumOptions {
  /** Ring dimension, a power of two in [4096, 32768] (default 8192: 4096 values per ciphertext). */
  readonly polyModulusDegree?: number;
  /** Bit sizes of the coefficient modulus primes (default [60, 40, 40, 60], 128-bit secure at 8192). */
  readonly coeffModulusBits?: readonly number[];
  /** log2 of the encoding scale (default 40). */
  readonly scaleBits?: number;
}

/** A client's encrypted update as JSON: base64 SEAL ciphertexts of consecutive slices of the vector. */
export interface CkksEncryptedUpdate {
  readonly clientId: string;
  readonly length: number;
  readonly ciphertexts: readonly string[];
}

/**
 * Secure summation by CKKS. Build it with {@link CkksSecureSum.create}; {@link encrypt} is the
 * client's step, {@link add} the server's, {@link decrypt} the key holder's, and {@link sum} runs all three.
 *
 * @example
 * const summer = await CkksSecureSum.create();
 * const { sum } = await summer.sum(inputs);
 */
export class CkksSecureSum implements SecureSum {
  readonly name = 'ckks';
  /** Values per ciphertext. */
  readonly slots: number;
  private readonly scale: number;

  private constructor(
    private readonly seal: SealLibrary,
    private readonly context: SealContext,
    private readonly parts: {
      readonly encoder: ReturnType<SealLibrary['CKKSEncoder']>;
      readonly encryptor: ReturnType<SealLibrary['Encryptor']>;
      readonly decryptor: ReturnType<SealLibrary['Decryptor']>;
      readonly evaluator: ReturnType<SealLibrary['Evaluator']>;
    },
    scaleBits: number,
  ) {
    this.slots = parts.encoder.slotCount;
    this.scale = 2 ** scaleBits;
  }

  /** Loads SEAL, checks the parameters and makes the key holder's keys. */
  static async create(options: CkksSecureSumOptions = {}): Promise<CkksSecureSum> {
    const degree = options.polyModulusDegree ?? 8192;
    const bits = options.coeffModulusBits ?? [60, 40, 40, 60];
    const scaleBits = options.scaleBits ?? 40;
    if (![4096, 8192, 16384, 32768].includes(degree)) throw invalidInput(`polyModulusDegree must be 4096, 8192, 16384 or 32768, got ${degree}`);
    if (!Number.isInteger(scaleBits) || scaleBits < 20 || scaleBits > 60) throw invalidInput(`scaleBits must be an integer in [20, 60], got ${scaleBits}`);
    const seal = await loadSeal();
    const parms = seal.EncryptionParameters(seal.SchemeType.ckks);
    parms.setPolyModulusDegree(degree);
    parms.setCoeffModulus(seal.CoeffModulus.Create(degree, Int32Array.from(bits)));
    const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
    if (!context.parametersSet()) {
      throw invalidInput(`SEAL rejects CKKS parameters degree ${degree} with modulus bits [${bits.join(', ')}] at 128-bit security (the modulus is too large for the degree, or a prime size is out of range)`);
    }
    const keyGenerator = seal.KeyGenerator(context);
    const publicKey = keyGenerator.createPublicKey();
    const parts = {
      encoder: seal.CKKSEncoder(context),
      encryptor: seal.Encryptor(context, publicKey),
      decryptor: seal.Decryptor(context, keyGenerator.secretKey()),
      evaluator: seal.Evaluator(context),
    };
    return new CkksSecureSum(seal, context, parts, scaleBits);
  }

  /** Client: encrypts `values` under the public key, one ciphertext per `slots` values. */
  encrypt(clientId: string, values: Float32Array): CkksEncryptedUpdate {
    const ciphertexts: string[] = [];
    for (let start = 0; start < values.length; start += this.slots) {
      const plain = this.parts.encoder.encode(Float64Array.from(values.subarray(start, start + this.slots)), this.scale);
      if (!plain) throw invalidInput(`SEAL could not encode values ${start}..${start + this.slots} of "${clientId}"`);
      const cipher = this.parts.encryptor.encrypt(plain);
      if (!cipher) throw invalidInput(`SEAL could not encrypt values of "${clientId}"`);
      ciphertexts.push(cipher.save());
      cipher.delete();
      plain.delete();
    }
    return { clientId, length: values.length, ciphertexts };
  }

  private load(text: string): SealCipherText {
    const c = this.seal.CipherText();
    c.load(this.context, text);
    return c;
  }

  /** Server: adds encrypted updates of one length without decrypting anything. */
  add(updates: readonly CkksEncryptedUpdate[]): CkksEncryptedUpdate {
    const first = updates[0];
    if (!first) throw invalidInput('nothing to add: no encrypted updates');
    for (const u of updates) {
      if (u.length !== first.length || u.ciphertexts.length !== first.ciphertexts.length) {
        throw invalidInput(`encrypted update of "${u.clientId}" has ${u.length} values; "${first.clientId}" has ${first.length}`);
      }
    }
    const ciphertexts = first.ciphertexts.map((text, k) => {
      const acc = this.load(text);
      for (const u of updates.slice(1)) {
        const c = this.load(u.ciphertexts[k]!);
        this.parts.evaluator.add(acc, c, acc);
        c.delete();
      }
      const saved = acc.save();
      acc.delete();
      return saved;
    });
    return { clientId: updates.map((u) => u.clientId).join('+'), length: first.length, ciphertexts };
  }

  /** Key holder: decrypts an encrypted sum. */
  decrypt(encryptedSum: CkksEncryptedUpdate): Float64Array {
    const out = new Float64Array(encryptedSum.length);
    encryptedSum.ciphertexts.forEach((text, k) => {
      const c = this.load(text);
      const plain = this.parts.decryptor.decrypt(c);
      if (!plain) throw invalidInput('SEAL could not decrypt the encrypted sum');
      const decoded = this.parts.encoder.decode(plain);
      const start = k * this.slots;
      out.set(decoded.subarray(0, Math.min(this.slots, out.length - start)), start);
      plain.delete();
      c.delete();
    });
    return out;
  }

  /** Encrypts each input, adds the ciphertexts (as the server would, from their JSON) and decrypts the sum. */
  async sum(inputs: readonly SecureSumInput[]): Promise<SecureSumResult> {
    if (inputs.length < 2) throw invalidInput(`secure summation needs at least 2 clients (a sum of one reveals it), got ${inputs.length}`);
    const received = inputs.map((input) => JSON.parse(JSON.stringify(this.encrypt(input.clientId, input.values))) as CkksEncryptedUpdate);
    return { sum: this.decrypt(this.add(received)), clientIds: inputs.map((i) => i.clientId) };
  }
}
