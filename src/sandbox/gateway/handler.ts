// Placeholder replaced by the gateway work: the signature the server mounts for `/gateway/{service}/...`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';

export async function handleGatewayRequest(
  _req: IncomingMessage,
  res: ServerResponse,
  _url: URL,
  _ctx: SandboxContext,
  serviceName: string,
  _restPath: string,
): Promise<void> {
  res.writeHead(501, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ statusCode: 501, message: `Gateway of ${serviceName} is not implemented yet.` }));
}
