import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, errorDetails, explainError } from '../../src/apim/errors';

const rest = (statusCode: number | undefined, code?: string, message = 'raw message', requestId?: string) =>
  Object.assign(new Error(message), {
    name: 'RestError',
    statusCode,
    code,
    ...(requestId ? { response: { headers: { get: (n: string) => (n === 'x-ms-request-id' ? requestId : undefined) } } } : {}),
  });

void describe('explainError', () => {
  const table: [string, unknown, RegExp][] = [
    ['401', rest(401, 'InvalidAuthenticationToken'), /sign-in.*Sign In/],
    ['403', rest(403, 'AuthorizationFailed'), /permission\. Ask an owner/],
    ['404', rest(404, 'ResourceNotFound'), /not found.*Refresh/],
    ['409', rest(409, 'Conflict'), /conflicting.*retry/],
    ['412', rest(412, 'PreconditionFailed'), /changed in Azure.*Reload/],
    ['429', rest(429, 'TooManyRequests'), /throttling.*Wait/],
    ['500', rest(503, 'ServiceUnavailable'), /server error \(503\).*Try again/],
    [
      'provider not registered',
      rest(409, 'MissingSubscriptionRegistration'),
      /Microsoft\.ApiManagement resource provider.*az provider register/,
    ],
    ['network', rest(undefined, 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), /could not be reached.*retry/],
    ['conflict', new ConflictError('x'), /changed in Azure since you opened it\. Reopen/],
    [
      'sign-in required',
      Object.assign(new Error('You are not signed in to Azure. Run "AI Gateway: Sign In" and try again.'), { name: 'SignInRequiredError' }),
      /not signed in\. Run "AI Gateway: Sign In"/,
    ],
    ['unknown error keeps its message', new Error('Something odd.'), /Something odd\. See the "AI Gateway" output/],
    ['not an Error', 'text', /text\./],
  ];
  for (const [name, error, pattern] of table) {
    void it(name, () => {
      const sentence = explainError(error, 'list the APIs');
      assert.match(sentence, /^Could not list the APIs: /);
      assert.match(sentence, pattern);
      assert.match(sentence, /\.$/);
      assert.equal(sentence.includes('raw message'), false, 'ARM wording stays in the log');
    });
  }
});

void describe('errorDetails', () => {
  void it('has status, code and request id for the log', () => {
    assert.equal(
      errorDetails(rest(403, 'AuthorizationFailed', 'denied', 'req-1')),
      'RestError, status 403, code AuthorizationFailed, request id req-1: denied',
    );
  });
});
