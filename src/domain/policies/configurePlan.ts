/**
 * "Configure AI Policies…" as a plan: the prerequisites of what the page turned on (prerequisitePlan.ts, as an import
 * plans them) and one policy step that writes the edited XML (policyEdit.ts) with If-Match on the ETag read at Review.
 * Pure: the host reads the policy, the diagnostics and the prerequisite choices, and executes the plan with the import's
 * executor, so that a failure rolls back.
 */
import type { ImportPlan, PlanStep } from '../import/importPlan';
import type { LmApiPolicies } from '../import/lmApiForm';
import { editPolicyXml } from './policyEdit';
import type { PolicyPlanStep } from './policyPlanStep';
import { AZURE_MONITOR_LOGGER, diagnosticStep, prerequisiteSteps, type PrerequisiteContext } from './prerequisitePlan';
import { XML_POLICY_GROUPS } from './managedPolicies';
import type { ReadPolicies } from './readPolicySettings';

export type ApiPolicyEditStep = PlanStep<
  'apiPolicyEdit',
  {
    readonly apiId: string;
    /** The policy as read for Review ('' when the API had none): a different one in Azure means someone changed it. */
    readonly expectedXml: string;
    /** The whole policy to write. */
    readonly xml: string;
  }
>;

export type ConfigureStep = PolicyPlanStep | ApiPolicyEditStep;

/** What the page starts from: the policy's settings plus what the API's diagnostics say. */
export interface CurrentPolicies {
  readonly xml: string | undefined;
  readonly read: ReadPolicies;
  /** The page's first values: `read.policies` with the metrics logger and LLM logging from the diagnostics. */
  readonly initial: LmApiPolicies;
}

export interface ConfigureInputs {
  readonly apiId: string;
  readonly displayName: string;
  readonly current: CurrentPolicies;
  /** What the page sent, validated. */
  readonly wanted: LmApiPolicies;
  readonly prerequisites: PrerequisiteContext;
}

export interface ConfigurePlan {
  readonly plan: ImportPlan<ConfigureStep>;
  readonly xmlBefore: string;
  readonly xmlAfter: string;
}

/**
 * What the page's values mean for the policy: a locked group stays as read; what the page does not show (whether the
 * cache varies by subscription) stays as the policy has it.
 */
export function effectivePolicies(current: CurrentPolicies, wanted: LmApiPolicies): LmApiPolicies {
  const out: { -readonly [K in keyof LmApiPolicies]: LmApiPolicies[K] } = { ...wanted };
  for (const group of XML_POLICY_GROUPS) {
    if (current.read.locked[group] === undefined) continue;
    if (current.initial[group] === undefined) delete out[group];
    else Object.assign(out, { [group]: current.initial[group] });
  }
  const vary = current.read.policies.semanticCache?.varyBySubscription;
  if (out.semanticCache && out.semanticCache.varyBySubscription === undefined && vary !== undefined) {
    out.semanticCache = { ...out.semanticCache, varyBySubscription: vary };
  }
  return out;
}

export function buildConfigurePlan(inputs: ConfigureInputs): ConfigurePlan {
  const { apiId, current } = inputs;
  const policies = effectivePolicies(current, inputs.wanted);
  const xmlBefore = current.xml ?? '';
  const xmlAfter = editPolicyXml(current.xml, current.read.policies, policies, current.read.locked);
  const prerequisites = prerequisiteSteps({ ...inputs.prerequisites, apiId, policies });
  const steps: ConfigureStep[] = [...prerequisites.steps];
  if (current.initial.llmLogging && !policies.llmLogging) {
    steps.push(diagnosticStep(apiId, 'azuremonitor', AZURE_MONITOR_LOGGER, [], { llmLogsOff: true }));
  }
  if (xmlAfter !== xmlBefore) {
    const ids = new Set(steps.map((s) => s.id));
    steps.push({
      id: `apiPolicyEdit:${apiId}`,
      kind: 'apiPolicyEdit',
      resourceType: 'API policy',
      resourceName: apiId,
      title: `Policy of "${inputs.displayName}": only the AI policies you changed; every other element kept as it is`,
      // APIM checks that the backends a policy names exist, so the policy waits for those it gets.
      dependsOn: prerequisites.policyDependsOn.filter((id) => ids.has(id)),
      onExisting: 'update',
      payload: { apiId, expectedXml: xmlBefore, xml: xmlAfter },
    });
  }
  return { plan: { title: `Configure the AI policies of "${inputs.displayName}"`, steps }, xmlBefore, xmlAfter };
}
