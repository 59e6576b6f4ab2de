/** Where the end-to-end harness finds the repository and keeps what outlives a run (screenshots, logs). */
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
/** Screenshots and process logs; git-ignored, kept after the run so a failure can be looked at. */
export const resultsDir = resolve(repoRoot, 'test-results');
