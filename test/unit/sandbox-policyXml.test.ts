// Policy well-formedness as the sandbox checks it before storing, with APIM's policy expressions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPolicyXml } from '../../src/sandbox/arm/policyXml';
import { ArmError } from '../../src/sandbox/arm/errors';

const wrap = (inner: string) =>
  `<policies><inbound><base />${inner}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;

void describe('checkPolicyXml', () => {
  const good = [
    wrap(''),
    wrap('<set-header name="x" exists-action="override"><value>{{named-value}}</value></set-header>'),
    wrap('<set-variable name="v" value="@(context.Request.Body.As<string>().Length > 1 && true)" />'),
    wrap('<choose><when condition="@(context.Variables.ContainsKey("k") == false)" /></choose>'),
    wrap('<set-body>@{ var s = ")}"; return s; }</set-body>'),
    wrap('<set-variable name="v" value="@(context.Request.Headers.GetValueOrDefault(&quot;a&quot;,&quot;&quot;))" />'),
  ];
  for (const xml of good) void it(`accepts ${xml.slice(40, 110)}`, () => assert.doesNotThrow(() => checkPolicyXml(xml)));

  const bad = [
    '<policies><inbound></policies>',
    '<policies>',
    'plain text',
    '<policy />',
    wrap('<a></b>'),
    wrap('<x y="1" y="2" />'),
    wrap('& stray'),
  ];
  for (const xml of bad) {
    void it(`refuses ${xml.slice(0, 60)}`, () => {
      assert.throws(
        () => checkPolicyXml(xml),
        (e: unknown) => e instanceof ArmError && e.status === 400 && e.code === 'ValidationError',
      );
    });
  }
});
