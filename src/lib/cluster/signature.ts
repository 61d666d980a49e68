/** A short fingerprint of a clustering (FNV-1a over k and the labels), to tell two results apart. */
export function labelSignature(labels: ArrayLike<number>, k: number): string {
  let h = 0x811c9dc5 ^ k;
  for (let i = 0; i < labels.length; i++) {
    h ^= labels[i] + 1;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
