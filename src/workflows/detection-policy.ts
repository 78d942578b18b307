import { readFile } from 'node:fs/promises';
import { AntidoteError } from '../core/errors.js';

/** What a flagged row becomes when a batch is sanitised. */
export const SANITIZE_ACTIONS = ['quarantine', 'remove', 'relabel'] as const;
export type SanitizeAction = (typeof SANITIZE_ACTIONS)[number];

/** Settings of one detector in a policy. */
export interface DetectorSettings {
  readonly enabled?: boolean;
  /** Flag a row from this calibrated suspicion on (default: the policy's `threshold`). */
  readonly threshold?: number;
  /** Scales the detector's suspicion in the combined one (default 1). */
  readonly weight?: number;
  /** Constructor parameters (k, estimators, ...), checked by the detector itself. */
  readonly params?: Readonly<Record<string, unknown>>;
}

/**
 * A detection policy (`--policy FILE`): which detectors run, their thresholds, the contamination
 * budget and what sanitising does. Everything is optional; defaults are chosen by data kind.
 *
 * ```json
 * { "contaminationBudget": 0.1, "threshold": 0.999, "excessAlpha": 0.001,
 *   "detectors": { "lof": { "enabled": false }, "isolation-forest": { "threshold": 0.995, "params": { "estimators": 200 } } },
 *   "run": ["isolation-forest", "confident-learning"],
 *   "sanitize": { "action": "relabel", "relabelMinConfidence": 0.9 } }
 * ```
 */
export interface DetectionPolicy {
  /** The verdict is `reject` when more than this share of rows is flagged (default 0.1). */
  readonly contaminationBudget?: number;
  /** Default flag threshold on calibrated suspicion (default 0.999). */
  readonly threshold?: number;
  /**
   * With a baseline that holds the detectors' clean flag rates: a detector keeps its flags only when
   * it flags more rows than that rate explains, at this significance (default 0.001; 1 keeps every flag).
   */
  readonly excessAlpha?: number;
  readonly detectors?: Readonly<Record<string, DetectorSettings>>;
  /** Exactly these detectors, instead of the defaults for the data's kind. */
  readonly run?: readonly string[];
  readonly sanitize?: { readonly action?: SanitizeAction; readonly relabelMinConfidence?: number };
}

/** Validates parsed JSON as a {@link DetectionPolicy}; `known` lists the registered detectors. */
export function parseDetectionPolicy(raw: unknown, known: readonly string[], file = 'policy'): DetectionPolicy {
  const fail = (message: string, path: (string | number)[]): never => {
    throw new AntidoteError('invalid_input', message, { file, path });
  };
  const obj = (v: unknown, path: (string | number)[]): Record<string, unknown> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`must be an object, got ${JSON.stringify(v)}`, path);
    return v as Record<string, unknown>;
  };
  const only = (o: Record<string, unknown>, keys: readonly string[], path: (string | number)[]): void => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`unknown field "${k}"; allowed: ${keys.join(', ')}`, path);
  };
  const share = (v: unknown, path: (string | number)[]): void => {
    if (!(typeof v === 'number' && v > 0 && v <= 1)) fail(`must be a number in (0, 1], got ${JSON.stringify(v)}`, path);
  };
  const detectorName = (name: string, path: (string | number)[]): void => {
    if (!known.includes(name)) fail(`unknown detector "${name}"; available: ${known.join(', ')}`, path);
  };
  const p = obj(raw, []);
  only(p, ['contaminationBudget', 'threshold', 'excessAlpha', 'detectors', 'run', 'sanitize'], []);
  if (p['contaminationBudget'] !== undefined) share(p['contaminationBudget'], ['contaminationBudget']);
  if (p['threshold'] !== undefined) share(p['threshold'], ['threshold']);
  if (p['excessAlpha'] !== undefined) share(p['excessAlpha'], ['excessAlpha']);
  if (p['detectors'] !== undefined) {
    for (const [name, v] of Object.entries(obj(p['detectors'], ['detectors']))) {
      detectorName(name, ['detectors']);
      const s = obj(v, ['detectors', name]);
      only(s, ['enabled', 'threshold', 'weight', 'params'], ['detectors', name]);
      if (s['enabled'] !== undefined && typeof s['enabled'] !== 'boolean') fail('must be true or false', ['detectors', name, 'enabled']);
      if (s['threshold'] !== undefined) share(s['threshold'], ['detectors', name, 'threshold']);
      if (s['weight'] !== undefined && !(typeof s['weight'] === 'number' && s['weight'] >= 0 && s['weight'] <= 10)) fail('must be a number from 0 to 10', ['detectors', name, 'weight']);
      if (s['params'] !== undefined) obj(s['params'], ['detectors', name, 'params']);
    }
  }
  if (p['run'] !== undefined) {
    if (!Array.isArray(p['run']) || p['run'].length === 0) fail('must be a non-empty list of detector names', ['run']);
    (p['run'] as unknown[]).forEach((n, i) => {
      if (typeof n !== 'string') fail('must be a detector name', ['run', i]);
      detectorName(n as string, ['run', i]);
    });
  }
  if (p['sanitize'] !== undefined) {
    const s = obj(p['sanitize'], ['sanitize']);
    only(s, ['action', 'relabelMinConfidence'], ['sanitize']);
    if (s['action'] !== undefined && !(SANITIZE_ACTIONS as readonly unknown[]).includes(s['action'])) fail(`must be one of ${SANITIZE_ACTIONS.join(', ')}, got ${JSON.stringify(s['action'])}`, ['sanitize', 'action']);
    if (s['relabelMinConfidence'] !== undefined) share(s['relabelMinConfidence'], ['sanitize', 'relabelMinConfidence']);
  }
  return p as DetectionPolicy;
}

/** Reads and validates a policy file. */
export async function readDetectionPolicy(path: string, known: readonly string[]): Promise<DetectionPolicy> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AntidoteError(code === 'ENOENT' ? 'not_found' : 'invalid_input', code === 'ENOENT' ? 'no such file' : `not valid JSON: ${(e as Error).message}`, { file: path });
  }
  return parseDetectionPolicy(raw, known, path);
}
