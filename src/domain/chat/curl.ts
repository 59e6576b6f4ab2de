/**
 * "Copy as curl" and "Open as .http": the console's request as text a user can keep. The subscription key is always a
 * variable (`$APIM_KEY` for the shell, `{{apiKey}}` read from the environment for .http files), never the value.
 */

export interface ShareableRequest {
  readonly method: string;
  /** Full URL, with query. */
  readonly url: string;
  /** Headers to send; a header named like the key header is dropped so no caller can leak a key through here. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The header the API reads the subscription key from, e.g. `api-key`. */
  readonly keyHeader: string;
  /** Streamed responses need curl's `--no-buffer` to show events as they come. */
  readonly stream?: boolean;
  /** The environment variable that holds the key; `APIM_KEY` when not given. */
  readonly keyVariable?: string;
}

export const CURL_KEY_VARIABLE = 'APIM_KEY';

export function toCurl(r: ShareableRequest): string {
  const lines = [
    `curl${r.stream ? ' --no-buffer' : ''} -X ${r.method.toUpperCase()} ${shellQuote(r.url)}`,
    // Double quotes so that the shell expands the variable; the header name cannot hold quotes (HTTP token).
    `-H "${r.keyHeader}: $${r.keyVariable ?? CURL_KEY_VARIABLE}"`,
    ...safeHeaders(r).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
    ...(r.body !== undefined ? [`--data-raw ${shellQuote(r.body)}`] : []),
  ];
  return lines.join(' \\\n  ');
}

export function toHttpFile(r: ShareableRequest, title: string): string {
  return [
    `# ${title.replace(/\r?\n/g, ' ')}`,
    `# The subscription key is read from the ${r.keyVariable ?? CURL_KEY_VARIABLE} environment variable; it is never written in this file.`,
    `@apiKey = {{$processEnv ${r.keyVariable ?? CURL_KEY_VARIABLE}}}`,
    '',
    `${r.method.toUpperCase()} ${r.url}`,
    `${r.keyHeader}: {{apiKey}}`,
    ...safeHeaders(r).map(([name, value]) => `${name}: ${value}`),
    ...(r.body !== undefined ? ['', r.body] : []),
    '',
  ].join('\n');
}

function safeHeaders(r: ShareableRequest): Array<[string, string]> {
  const key = r.keyHeader.toLowerCase();
  return Object.entries(r.headers).filter(([name]) => name.toLowerCase() !== key && name.toLowerCase() !== 'authorization');
}

/** POSIX single quotes: nothing inside is expanded; a quote is closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
