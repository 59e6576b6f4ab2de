/** Ids and keys derived from the seed name and a label, so every run of a seed starts from the same state. */
import { createHash } from 'node:crypto';

/** A GUID derived from the seed and a label. */
export function seededGuid(seed: string, label: string): string {
  const h = createHash('sha256').update(`${seed}:${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 32-hex-character key derived from the seed and a label (APIM subscription keys and account keys look alike). */
export function seededKey(seed: string, label: string): string {
  return createHash('sha256').update(`${seed}:key:${label}`).digest('hex').slice(0, 32);
}
