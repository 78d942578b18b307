// Reads the relative-import graph of a source tree, and finds layering violations and cycles in it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every non-test .ts file below `dir`. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The files a file imports or re-exports by relative path (`.js` specifiers mapped to `.ts`). */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]|import\s*\(\s*['"](\.[^'"]+)['"]\s*\)|import\s+['"](\.[^'"]+)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    out.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return out;
}

/** The import graph of a tree: file -> files it imports. */
export function importGraph(root: string): Map<string, string[]> {
  return new Map(sourceFiles(root).map((f) => [f, importsOf(f)]));
}

/** The top-level folder of a file below root (or the file name for files at the top). */
export function layerOf(root: string, file: string): string {
  return relative(root, file).split('/')[0]!;
}

/**
 * Imports from one top-level folder to another whose rank is not lower ("outward" or sideways),
 * and folders without a rank. Top-level files (the public index) may import anything.
 */
export function layerViolations(root: string, graph: Map<string, string[]>, rank: Readonly<Record<string, number>>): string[] {
  const bad: string[] = [];
  for (const [file, deps] of graph) {
    const from = layerOf(root, file);
    if (from.endsWith('.ts')) continue;
    if (rank[from] === undefined) {
      bad.push(`${relative(root, file)}: folder "${from}" has no layer`);
      continue;
    }
    for (const dep of deps) {
      const to = layerOf(root, dep);
      if (to === from) continue;
      if (to.endsWith('.ts') || (rank[to] ?? Infinity) >= rank[from]!) bad.push(`${relative(root, file)} -> ${relative(root, dep)}`);
    }
  }
  return bad;
}

/** Every import cycle, as `a.ts -> b.ts -> a.ts`. */
export function importCycles(root: string, graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (f: string): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...stack.slice(stack.indexOf(f)), f].map((x) => relative(root, x)).join(' -> '));
      return;
    }
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) if (graph.has(d)) visit(d);
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) visit(f);
  return cycles;
}
