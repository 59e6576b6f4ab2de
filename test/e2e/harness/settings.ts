/**
 * User settings of a fresh workbench: the quiet defaults `npm start` also uses (scripts/workbench-settings.json: no
 * welcome page, tips, walkthroughs, telemetry or update checks), then the test's own.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

export type Settings = Readonly<Record<string, unknown>>;

export function writeUserSettings(userDataDir: string, settings: Settings): void {
  const quiet = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'workbench-settings.json'), 'utf8')) as Settings;
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify({ ...quiet, ...settings }, null, 2)}\n`);
}
