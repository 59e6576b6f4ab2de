// Placeholder replaced by the mock model work: the signature the server mounts for `/openai/v1`, `/gemini`, `/aoai`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';

export async function handleModelRequest(_req: IncomingMessage, res: ServerResponse, _url: URL, _ctx: SandboxContext): Promise<void> {
  res.writeHead(501, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: 'Mock model is not implemented yet.', type: 'server_error', param: null, code: null } }));
}
