/** Every policy element the sandbox gateway implements, by element name. Anything else is reported as unsupported. */
import type { PolicyHandler } from '../policy/engine';
import { forwardRequest, returnResponse, setBackendService, setHeader, setVariable } from './basics';
import { contentSafety } from './contentSafety';
import { authenticationManagedIdentity } from './managedIdentity';
import { rateLimit } from './rateLimit';
import { runRetry } from './retry';
import { semanticCacheLookup, semanticCacheStore } from './semanticCache';
import { tokenLimit } from './tokenLimit';
import { emitTokenMetric } from './tokenMetric';

export const POLICY_HANDLERS: Readonly<Record<string, PolicyHandler>> = {
  'set-backend-service': setBackendService,
  'set-header': setHeader,
  'set-variable': setVariable,
  'forward-request': forwardRequest,
  'return-response': returnResponse,
  'authentication-managed-identity': authenticationManagedIdentity,
  'llm-token-limit': tokenLimit,
  'azure-openai-token-limit': tokenLimit,
  'llm-emit-token-metric': emitTokenMetric,
  'azure-openai-emit-token-metric': emitTokenMetric,
  'llm-semantic-cache-lookup': semanticCacheLookup,
  'azure-openai-semantic-cache-lookup': semanticCacheLookup,
  'llm-semantic-cache-store': semanticCacheStore,
  'azure-openai-semantic-cache-store': semanticCacheStore,
  'llm-content-safety': contentSafety,
  'rate-limit': rateLimit,
  'rate-limit-by-key': rateLimit,
  retry: (node, call, section) => runRetry(node, call, section, POLICY_HANDLERS),
};
