/**
 * Looks for secrets where they must never be: in files (and in text taken from the browser), as plain text and in the
 * encoded forms a leak usually takes (URL-encoded, base64 at any byte alignment, base64url, UTF-16). A finding names
 * the place, the secret's kind and the form, never the secret itself, so that the report of a leak is not one.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreSnapshot } from '../../../src/sandbox/store';

export interface Secret {
  /** What it is ("APIM subscription key"), printed in findings instead of the value. */
  readonly kind: string;
  readonly value: string;
}

export interface Finding {
  readonly where: string;
  readonly kind: string;
  readonly form: string;
}

interface Needle {
  readonly kind: string;
  readonly form: string;
  readonly bytes: Buffer;
}

/**
 * Every secret the sandbox holds, as its state hook returns them: subscription keys, the values of secret named
 * values, Application Insights instrumentation keys, and the keys of accounts and Redis databases (kept beside the
 * resource, since ARM returns them only from `listKeys`).
 */
export function sandboxSecrets(state: StoreSnapshot): Secret[] {
  const secrets: Secret[] = [];
  for (const resource of state.resources) {
    const p = resource.properties;
    for (const field of ['primaryKey', 'secondaryKey'] as const) {
      const value = p[field];
      if (typeof value === 'string') secrets.push({ kind: `APIM subscription ${field}`, value });
    }
    if (/\/namedValues$/i.test(resource.type) && p.secret === true && typeof p.value === 'string') {
      secrets.push({ kind: 'secret named value', value: p.value });
    }
    // A component's connection string holds its instrumentation key (the store keeps the key; ARM adds the string).
    if (/\/components$/i.test(resource.type) && typeof p.InstrumentationKey === 'string') {
      secrets.push({ kind: 'Application Insights instrumentation key', value: p.InstrumentationKey });
    }
    for (const value of Object.values(resource.secrets ?? {})) secrets.push({ kind: 'account key', value });
  }
  return secrets;
}

/**
 * Findings in every regular file under `roots` (symbolic links are not followed) whose path `include` accepts, and how
 * which files were read.
 */
export function scanFiles(
  roots: readonly string[],
  secrets: readonly Secret[],
  include: (path: string) => boolean = () => true,
): { findings: Finding[]; paths: string[] } {
  const needles = secrets.flatMap(needlesOf);
  const paths = roots.flatMap((root) => filesUnder(root)).filter(include);
  return { findings: paths.flatMap((path) => findIn(path, readFileSync(path), needles)), paths };
}

/** Findings in text read from somewhere other than a file (the browser's storage, a webview's DOM). */
export function scanText(where: string, text: string, secrets: readonly Secret[]): Finding[] {
  return findIn(where, Buffer.from(text, 'utf8'), secrets.flatMap(needlesOf));
}

export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.where}: ${f.kind} (${f.form})`).join('\n');
}

function findIn(where: string, content: Buffer, needles: readonly Needle[]): Finding[] {
  const found = needles.filter((n) => content.includes(n.bytes)).map(({ kind, form }) => ({ where, kind, form }));
  // One line per secret kind and form, however many values of that kind are there.
  return found.filter((f, i) => found.findIndex((g) => g.kind === f.kind && g.form === f.form) === i);
}

function needlesOf(secret: Secret): Needle[] {
  const raw = Buffer.from(secret.value, 'utf8');
  const forms: Array<[string, string | Buffer]> = [
    ['plain text', raw],
    ['URL-encoded', encodeURIComponent(secret.value)],
    ['UTF-16', Buffer.from(secret.value, 'utf16le')],
  ];
  for (let shift = 0; shift < 3; shift++) {
    const core = base64Core(raw, shift);
    forms.push([`base64 (offset ${shift})`, core], [`base64url (offset ${shift})`, core.replace(/\+/g, '-').replace(/\//g, '_')]);
  }
  // A form equal to an earlier one (a hex key URL-encodes to itself) would only repeat the finding.
  const needles = new Map<string, Needle>();
  for (const [form, value] of forms) {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
    if (!needles.has(bytes.toString('hex'))) needles.set(bytes.toString('hex'), { kind: secret.kind, form, bytes });
  }
  return [...needles.values()];
}

/**
 * The base64 characters that depend only on the secret when it starts `shift` bytes into a base64-encoded blob: the
 * first group mixes in the bytes before it (dropped when shift > 0), the last partial group the bytes after it.
 */
function base64Core(raw: Buffer, shift: number): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
  return encoded.slice(shift > 0 ? 4 : 0, Math.floor((shift + raw.length) / 3) * 4);
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) return filesUnder(path);
    return stat.isFile() ? [path] : [];
  });
}
