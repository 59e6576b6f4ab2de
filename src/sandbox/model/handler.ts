/**
 * The mock model server: routes `/openai/v1`, `/gemini/v1beta/openai`, `/aoai/{account}` (Azure OpenAI, and its v1
 * and model inference surfaces) and `/aoai/{account}/contentsafety` (Azure AI Content Safety) to their handlers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { BodyTooLargeError } from '../httpBody';
import { handleAzureOpenAi } from './azureOpenAi';
import { handleContentSafety, isContentSafetyPath } from './contentSafety';
import { sendOpenAiError } from './errors';
import { handleFoundrySurface, isFoundrySurfacePath } from './foundry';
import { handleOpenAiCompatible } from './openAiCompatible';

const OPENAI_BASE = '/openai/v1';
const GEMINI_BASE = '/gemini/v1beta/openai';

export async function handleModelRequest(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SandboxContext): Promise<void> {
  try {
    const path = url.pathname;
    if (path.startsWith(`${OPENAI_BASE}/`)) return await handleOpenAiCompatible(req, res, ctx, 'openai', path.slice(OPENAI_BASE.length));
    if (path.startsWith(`${GEMINI_BASE}/`)) return await handleOpenAiCompatible(req, res, ctx, 'gemini', path.slice(GEMINI_BASE.length));
    if (isContentSafetyPath(path)) return await handleContentSafety(req, res, url, ctx);
    if (isFoundrySurfacePath(path)) return await handleFoundrySurface(req, res, url, ctx);
    if (path.startsWith('/aoai/')) return await handleAzureOpenAi(req, res, url, ctx);
    sendOpenAiError(res, 404, `Invalid URL (${req.method ?? 'GET'} ${path})`);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendOpenAiError(res, 413, err.message);
    ctx.log(`model: ${req.method ?? 'GET'} ${url.pathname} failed: ${err instanceof Error ? err.message : String(err)}`);
    if (!res.headersSent) sendOpenAiError(res, 500, 'The server had an error while processing your request.');
    else res.destroy();
  }
}
