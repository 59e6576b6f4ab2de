/**
 * Turns ARM, REST and network failures into one sentence a user can act on: "What happened. What to do."
 * Works on the SDK's RestError by shape (statusCode, code), so this module loads no SDK.
 */

export interface RestErrorLike extends Error {
  readonly statusCode: number | undefined;
  readonly code: string | undefined;
  readonly response?: { readonly headers?: { get(name: string): string | undefined } };
}

export function isRestErrorLike(error: unknown): error is RestErrorLike {
  return error instanceof Error && ('statusCode' in error || 'code' in error);
}

/** The ETag we sent no longer matches: someone else changed the resource. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'REQUEST_SEND_ERROR',
  'UND_ERR_SOCKET',
]);

/** The whole sentence: `Could not {action}: {what happened}. {What to do}` */
export function explainError(error: unknown, action: string): string {
  const [what, todo] = diagnose(error);
  return `Could not ${action}: ${what}. ${todo}`;
}

/** Details for the log: status, code, request id and message. Never request bodies or headers, which may hold keys. */
export function errorDetails(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts: string[] = [error.name];
  if (isRestErrorLike(error)) {
    if (error.statusCode !== undefined) parts.push(`status ${error.statusCode}`);
    if (error.code) parts.push(`code ${error.code}`);
    const requestId = error.response?.headers?.get('x-ms-request-id');
    if (requestId) parts.push(`request id ${requestId}`);
  }
  return `${parts.join(', ')}: ${error.message}`;
}

export function isCancellation(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'Canceled' || error.message === 'Canceled');
}

function diagnose(error: unknown): [string, string] {
  if (error instanceof ConflictError) {
    return ['it changed in Azure since you opened it', 'Reopen it to get the latest, then apply your change again.'];
  }
  if (!(error instanceof Error)) return [String(error), 'See the "AI Gateway" output for details.'];
  if (error.name === 'SignInRequiredError') {
    return ['you are not signed in', firstSentenceAfter(error.message) ?? 'Run "AI Gateway: Sign In" and try again.'];
  }
  if (error.name === 'CredentialUnavailableError' || error.name === 'AuthenticationRequiredError') {
    return [
      'no Azure credential is available',
      'Sign in (Azure CLI: run "az login"; environment: set AZURE_TENANT_ID, AZURE_CLIENT_ID and a secret), or change the "aiGateway.authentication" setting.',
    ];
  }
  const rest = isRestErrorLike(error) ? error : undefined;
  const code = rest?.code ?? '';
  if (code === 'MissingSubscriptionRegistration' || /not registered to use namespace/i.test(error.message)) {
    return [
      'the subscription has no Microsoft.ApiManagement resource provider registered',
      'Register it in the Azure portal (Subscription > Resource providers) or run "az provider register --namespace Microsoft.ApiManagement".',
    ];
  }
  if (networkCodes.has(code) || /ECONNREFUSED|ENOTFOUND|socket hang up|ECONNRESET/.test(error.message)) {
    return [
      'the server could not be reached',
      'Check your network connection, proxy settings or that the local sandbox is running, then retry.',
    ];
  }
  switch (rest?.statusCode) {
    case 401:
      return ['Azure did not accept your sign-in', 'Run "AI Gateway: Sign In" to sign in again, then retry.'];
    case 403:
      return [
        'you do not have permission',
        'Ask an owner of the subscription for an API Management role (Reader to browse, Service Contributor to change), then retry.',
      ];
    case 404:
      return ['it was not found (it may have been deleted)', 'Refresh the tree and try again.'];
    case 409:
      return ['Azure reported a conflicting change in progress', 'Wait for the other operation to finish, then retry.'];
    case 412:
      return ['it changed in Azure since you loaded it', 'Reload it to get the latest, then apply your change again.'];
    case 429:
      return ['Azure is throttling requests', 'Wait a minute, then retry.'];
    default:
      break;
  }
  if (rest?.statusCode !== undefined && rest.statusCode >= 500) {
    return [
      `Azure answered with a server error (${rest.statusCode})`,
      'Try again in a moment; if it persists, check the Azure status page.',
    ];
  }
  const message = error.message.replace(/\.\s*$/, '');
  return [message || 'an unexpected error occurred', 'See the "AI Gateway" output for details.'];
}

function firstSentenceAfter(message: string): string | undefined {
  const i = message.indexOf('. ');
  return i >= 0 ? message.slice(i + 2) : undefined;
}
