import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessageOf, explainResponseError, parseRetryAfter, type ErrorContext } from '../../src/domain/chat/responseErrors';

const base: ErrorContext = { status: 200, body: '', keyHeader: 'api-key', kind: 'openai', method: 'POST', path: '/chat/completions' };
const apim = (statusCode: number, message: string): string => JSON.stringify({ statusCode, message });
const openAi = (message: string, code: string | null = null): string =>
  JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } });

const cases: Array<{ name: string; ctx: Partial<ErrorContext>; includes: string[] }> = [
  {
    name: '401 missing key names the header the API expects',
    ctx: {
      status: 401,
      body: apim(
        401,
        'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      ),
    },
    includes: ['got no subscription key', '"api-key" header'],
  },
  {
    name: '401 invalid key with a custom header',
    ctx: {
      status: 401,
      keyHeader: 'Ocp-Apim-Subscription-Key',
      body: apim(401, 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'),
    },
    includes: ['refused the subscription key', '"Ocp-Apim-Subscription-Key" header'],
  },
  {
    name: '401 from Azure OpenAI behind managed identity names the role',
    ctx: {
      status: 401,
      kind: 'azureOpenAi',
      body: JSON.stringify({ error: { code: 'PermissionDenied', message: 'Principal does not have access to API/Operation.' } }),
    },
    includes: ["refused the gateway's identity", 'Cognitive Services OpenAI User', 'Principal does not have access'],
  },
  {
    name: '404 unknown deployment',
    ctx: {
      status: 404,
      kind: 'azureOpenAi',
      deployment: 'gpt-5',
      apiVersion: '2024-10-21',
      body: JSON.stringify({ error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } }),
    },
    includes: ['deployment "gpt-5" does not exist', 'Pick one'],
  },
  {
    name: '404 unsupported api-version',
    ctx: {
      status: 404,
      kind: 'azureOpenAi',
      apiVersion: '1999-01-01',
      body: JSON.stringify({ error: { code: '404', message: 'Resource not found. Unsupported api version.' } }),
    },
    includes: ['api-version "1999-01-01"'],
  },
  {
    name: '404 at the gateway (no operation)',
    ctx: { status: 404, path: '/chat/completion', body: apim(404, 'Resource not found') },
    includes: ['Nothing answered at POST /chat/completion', 'operations'],
  },
  {
    name: '404 unknown model',
    ctx: { status: 404, body: openAi('The model `gpt-9` does not exist', 'model_not_found') },
    includes: ['does not know this model', '"Model" field'],
  },
  {
    name: '429 token limit with Retry-After',
    ctx: { status: 429, retryAfterSeconds: 17, body: apim(429, 'Token limit is exceeded. Try again in 17 seconds.') },
    includes: ['token limit was reached', 'Retry after 17 s', 'tokens-per-minute'],
  },
  {
    name: '429 without header reads the seconds from the message',
    ctx: { status: 429, body: openAi('Rate limit reached for requests. Please retry after 4 seconds.', 'rate_limit_exceeded') },
    includes: ['rate limit was reached', 'Retry after 4 s'],
  },
  {
    name: '403 quota',
    ctx: { status: 403, body: apim(403, 'Token quota is exceeded. Try again in 3 hours.') },
    includes: ['token quota', 'next period'],
  },
  {
    name: '403 content safety',
    ctx: { status: 403, body: apim(403, 'Request failed content safety check.') },
    includes: ['blocked by content safety', 'blocklists'],
  },
  { name: '500 backend', ctx: { status: 500, body: 'boom' }, includes: ['backend failed (500)', '"boom"'] },
  {
    name: '502 backend unreachable',
    ctx: { status: 502, body: '<html>bad gateway</html>' },
    includes: ['could not get an answer from the backend (502)'],
  },
  {
    name: '400 passes the message on',
    ctx: { status: 400, body: openAi("'messages' is a required property") },
    includes: ['rejected as invalid', "'messages' is a required property"],
  },
];

for (const c of cases) {
  void test(`error: ${c.name}`, () => {
    const sentence = explainResponseError({ ...base, ...c.ctx });
    assert.ok(sentence, 'expected an explanation');
    for (const part of c.includes) assert.ok(sentence.includes(part), `"${sentence}" should include "${part}"`);
    // One explanation that says what happened and what to do: at least two sentences, ends with a period.
    assert.match(sentence, /\.\s.+\.$/s);
  });
}

void test('success has no explanation', () => {
  assert.equal(explainResponseError({ ...base, status: 200 }), undefined);
  assert.equal(explainResponseError({ ...base, status: 204 }), undefined);
});

void test('error messages from OpenAI, APIM, Gemini and plain text bodies', () => {
  assert.equal(errorMessageOf(openAi('bad')), 'bad');
  assert.equal(errorMessageOf(apim(401, 'denied')), 'denied');
  assert.equal(
    errorMessageOf(JSON.stringify([{ error: { code: 400, message: 'API key not valid.', status: 'INVALID_ARGUMENT' } }])),
    'API key not valid.',
  );
  assert.equal(errorMessageOf('upstream connect error'), 'upstream connect error');
  assert.equal(errorMessageOf(''), undefined);
  assert.equal(errorMessageOf('x'.repeat(400))?.length, 300);
});

void test('Retry-After as seconds or HTTP date', () => {
  assert.equal(parseRetryAfter('12'), 12);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(undefined), undefined);
});
