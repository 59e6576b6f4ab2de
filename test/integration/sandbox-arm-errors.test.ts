// ARM emulator front door: the errors Azure gives for bad requests, and a server that survives any input.
import assert from 'node:assert/strict';
import { connect as tlsConnect } from 'node:tls';
import { connect as netConnect } from 'node:net';
import { before, describe, it } from 'node:test';
import { ApiManagementClient } from '@azure/arm-apimanagement';
import { DEMO_NAMES, sandboxPerSuite, tokenCredential, withSandbox } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
type ArmErrorBody = { error: { code: string; message: string } };

void describe('sandbox ARM: errors and robustness', () => {
  const sb = sandboxPerSuite();
  let apis: string;
  before(() => {
    apis = `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/apis`;
  });

  const expectError = async (p: Promise<{ status: number; json<T>(): T }>, status: number, code: string) => {
    const r = await p;
    assert.equal(r.status, status);
    const body = r.json<ArmErrorBody>();
    assert.equal(body.error.code, code);
    assert.ok(body.error.message.length > 0);
  };

  void it('checks api-version like ARM: missing, unknown, and the accepted previews', async () => {
    await expectError(sb.arm(apis), 400, 'MissingApiVersionParameter');
    await expectError(sb.arm(`${apis}?api-version=2019-01-01`), 400, 'InvalidApiVersionParameter');
    for (const v of ['2024-05-01', '2024-06-01-preview', '2025-03-01-preview']) {
      assert.equal((await sb.arm(`${apis}?api-version=${v}`)).status, 200, v);
    }
    await expectError(
      sb.arm(`/subscriptions/${sb.connection.subscriptionIds[0]}/providers/Microsoft.CognitiveServices/accounts?api-version=2024-05-01`),
      400,
      'InvalidApiVersionParameter',
    );
    assert.equal(
      (
        await sb.arm(
          `/subscriptions/${sb.connection.subscriptionIds[0]}/providers/Microsoft.CognitiveServices/accounts?api-version=2024-10-01`,
        )
      ).status,
      200,
    );
  });

  void it('answers 401 without a bearer token and for a wrong one, also through the SDK', async () => {
    await expectError(sb.http(`${apis}?api-version=2024-05-01`), 401, 'AuthenticationFailed');
    await expectError(
      sb.http(`${apis}?api-version=2024-05-01`, { headers: { Authorization: 'Bearer nope' } }),
      401,
      'InvalidAuthenticationToken',
    );
    const wrong = new ApiManagementClient(tokenCredential('wrong-token'), sb.connection.subscriptionIds[0], {
      endpoint: sb.connection.armEndpoint,
      tlsOptions: { ca: sb.ca },
    });
    await assert.rejects(wrong.api.get(RG, SVC, 'echo-api'), { statusCode: 401, code: 'InvalidAuthenticationToken' });
    await expectError(sb.http(`${sb.connection.hooksUrl}/state`), 401, 'AuthenticationFailed');
  });

  void it('answers 400 for malformed JSON or a body that is not an object, and stores nothing', async () => {
    const url = `${apis}/bad-json?api-version=2024-05-01`;
    await expectError(
      sb.arm(url, { method: 'PUT', body: '{"properties": {"path": "x",', headers: { 'Content-Type': 'application/json' } }),
      400,
      'InvalidRequestContent',
    );
    await expectError(sb.arm(url, { method: 'PUT', body: [1, 2] }), 400, 'InvalidRequestContent');
    await expectError(sb.arm(url, { method: 'PUT', body: { properties: 'x' } }), 400, 'InvalidRequestContent');
    await expectError(sb.arm(url), 404, 'ResourceNotFound');
  });

  void it("refuses what APIM's spec refuses: entity names, lengths and enums", async () => {
    const put = (path: string, properties: Record<string, unknown>) =>
      sb.arm(`${path}?api-version=2024-05-01`, { method: 'PUT', body: { properties } });
    const api = { displayName: 'x', path: 'limits', protocols: ['https'] };
    await expectError(put(`${apis}/bad:name`, api), 400, 'ValidationError');
    await expectError(put(`${apis}/${'a'.repeat(257)}`, api), 400, 'ValidationError');
    await expectError(put(`${apis}/limits`, { ...api, displayName: 'd'.repeat(301) }), 400, 'ValidationError');
    await expectError(put(`${apis}/limits`, { ...api, protocols: ['ftp'] }), 400, 'ValidationError');
    await expectError(put(`${apis}/limits`, { ...api, apiVersionSetId: '/apiVersionSets/none' }), 400, 'ValidationError');
    const backends = apis.replace(/\/apis$/, '/backends');
    await expectError(put(`${backends}/${'b'.repeat(81)}`, { url: 'https://x.example', protocol: 'http' }), 400, 'ValidationError');
    // The longest names allowed are taken.
    assert.equal((await put(`${backends}/${'b'.repeat(80)}`, { url: 'https://x.example', protocol: 'http' })).status, 201);
    assert.equal((await put(`${apis}/${'a'.repeat(256)}`, api)).status, 201);
  });

  void it('answers unknown paths with 404 and unsupported methods with 405', async () => {
    await expectError(sb.arm('/subscriptions/x/providers/Microsoft.Unknown/things?api-version=2022-12-01'), 404, 'NotFound');
    await expectError(sb.arm(`${apis}?api-version=2024-05-01`, { method: 'POST', body: {} }), 405, 'MethodNotAllowed');
    await expectError(
      sb.arm(`${apis}/a%2Fb?api-version=2024-05-01`, { method: 'PUT', body: { properties: { displayName: 'x', path: 'x' } } }),
      400,
      'InvalidResourceName',
    );
    await expectError(
      sb.arm(
        `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ApiManagement/service/x?api-version=2024-05-01`,
      ),
      404,
      'SubscriptionNotFound',
    );
  });

  void it('survives garbage: plain HTTP, broken TLS, a request cut mid-body, then still serves', async () => {
    const { port } = new URL(sb.connection.armEndpoint);
    await new Promise<void>((resolve) => {
      const s = netConnect(Number(port), '127.0.0.1', () => s.end('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
      s.resume();
    });
    await new Promise<void>((resolve) => {
      const s = netConnect(Number(port), '127.0.0.1', () => s.end(Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 0x00, 0x01, 0x02])));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
      s.resume();
    });
    await new Promise<void>((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port: Number(port), ca: sb.ca }, () => {
        s.write(
          `PUT ${apis}/cut?api-version=2024-05-01 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${sb.connection.token}\r\nContent-Length: 500\r\n\r\n{"properties":`,
        );
        setImmediate(() => s.destroy());
      });
      s.on('close', () => resolve());
      s.on('error', reject);
    });
    const after = await sb.apim().api.get(RG, SVC, 'echo-api');
    assert.equal(after.name, 'echo-api');
  });

  void it('adds --latency to every ARM response', async () => {
    const slow = await withSandbox({ seed: 'empty', latencyMs: 150 });
    try {
      const started = process.hrtime.bigint();
      const r = await slow.arm('/subscriptions?api-version=2022-12-01');
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(r.status, 200);
      // A lower bound only: the delay is added, however fast the machine.
      assert.ok(elapsedMs >= 150, `took ${elapsedMs} ms`);
    } finally {
      await slow.close();
    }
  });
});
