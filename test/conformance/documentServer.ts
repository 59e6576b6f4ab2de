/**
 * A loopback HTTP server for the documents the examples import by link (`documents/links.json`): the replay maps each
 * example's link onto it, as it maps the examples' ids onto the seed.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface DocumentServer {
  /** Each linked URL of the examples and the loopback URL that serves its stand-in. */
  readonly links: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

export async function startDocumentServer(dir: string): Promise<DocumentServer> {
  const manifest = JSON.parse(readFileSync(join(dir, 'links.json'), 'utf8')) as { links: Record<string, string> };
  const files = Object.values(manifest.links);
  const server: Server = createServer((req, res) => {
    const file = files.find((f) => req.url === `/${f}`);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/yaml' });
    res.end(readFileSync(join(dir, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    links: new Map(Object.entries(manifest.links).map(([url, file]) => [url, `${origin}/${file}`])),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
