import { describe, expect, it } from 'vitest';
import { merkleLeafHash, merkleNodeHash, merkleProof, merkleRoot, verifyMerkleProof } from './merkle-tree.js';

// The test vectors of RFC 6962's reference implementation (certificate-transparency, merkle_tree_test):
// leaves are the raw byte strings below; roots of the first n leaves for n = 1..8.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('merkleRoot', () => {
  it('matches the RFC 6962 reference roots for 1 to 8 leaves', () => {
    for (let n = 1; n <= 8; n++) expect(merkleRoot(LEAVES.slice(0, n)).toString('hex')).toBe(ROOTS[n - 1]);
  });

  it('is SHA-256 of nothing for the empty tree', () => {
    expect(merkleRoot([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('separates leaves from nodes: a two-leaf root is not the leaf hash of the two concatenated leaf hashes', () => {
    const a = Buffer.from('a');
    const b = Buffer.from('b');
    const root = merkleRoot([a, b]);
    expect(root).toEqual(merkleNodeHash(merkleLeafHash(a), merkleLeafHash(b)));
    expect(root).not.toEqual(merkleLeafHash(Buffer.concat([merkleLeafHash(a), merkleLeafHash(b)])));
    // and a one-leaf tree over the concatenation of the children is a different root
    expect(merkleRoot([Buffer.concat([merkleLeafHash(a), merkleLeafHash(b)])])).not.toEqual(root);
  });

  it('changes when any leaf changes or two leaves swap', () => {
    const base = merkleRoot(LEAVES);
    const changed = LEAVES.map((l, i) => (i === 5 ? Buffer.from('41414243', 'hex') : l));
    expect(merkleRoot(changed)).not.toEqual(base);
    const swapped = [...LEAVES];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(merkleRoot(swapped)).not.toEqual(base);
  });
});

describe('merkle proofs', () => {
  it('verify for every leaf of every tree size from 1 to 20', () => {
    for (let n = 1; n <= 20; n++) {
      const leaves = Array.from({ length: n }, (_, i) => Buffer.from(`chunk-${i}`));
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) {
        const proof = merkleProof(leaves, i);
        expect(proof.path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(verifyMerkleProof(leaves[i]!, proof, root)).toBe(true);
      }
    }
  });

  it('reject a wrong leaf, a wrong index, a wrong size, an altered path element and a wrong root', () => {
    const leaves = Array.from({ length: 7 }, (_, i) => Buffer.from(`chunk-${i}`));
    const root = merkleRoot(leaves);
    const proof = merkleProof(leaves, 4);
    expect(verifyMerkleProof(Buffer.from('chunk-X'), proof, root)).toBe(false);
    expect(verifyMerkleProof(leaves[4]!, { ...proof, leafIndex: 5 }, root)).toBe(false);
    // (the tree size itself is authenticated by the signed manifest's chunk count, not by the proof)
    expect(verifyMerkleProof(leaves[4]!, { ...proof, treeSize: 5 }, root)).toBe(false);
    expect(verifyMerkleProof(leaves[4]!, { ...proof, leafIndex: 7 }, root)).toBe(false);
    const bad = proof.path.map((p, i) => (i === 1 ? Buffer.from(p).fill(0) : p));
    expect(verifyMerkleProof(leaves[4]!, { ...proof, path: bad }, root)).toBe(false);
    expect(verifyMerkleProof(leaves[4]!, proof, merkleRoot(leaves.slice(0, 6)))).toBe(false);
  });

  it('rejects an index outside the tree with the valid range', () => {
    expect(() => merkleProof(LEAVES, 8)).toThrow(/0\.\.7/);
  });
});
