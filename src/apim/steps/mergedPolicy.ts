/**
 * A policy step at any scope (API, product): merged into the policy there (never replaced), written with If-Match on
 * the ETag read at inspection, restored on undo. Each scope supplies only how its policy is read, written and removed.
 */
import type { ApiManagementClient } from '@azure/arm-apimanagement';
import type { PlanStep } from '../../domain/import/importPlan';
import { PolicyXmlError, mergePolicyXml, normalizePolicyXml, type PolicySections } from '../../domain/import/policyXml';
import { ConflictError } from '../errors';
import type { StepContext, StepHandler } from '../importExecutor';
import { apim, deleteIgnoringMissing, writeOptions } from './stepIo';

export interface PolicyScopeAccess {
  /** The policy as well-formed XML with its ETag (read first), or undefined when the scope has none. */
  read(client: ApiManagementClient, ctx: StepContext, id: string): Promise<{ xml: string; etag?: string } | undefined>;
  write(client: ApiManagementClient, ctx: StepContext, id: string, xml: string, options: ReturnType<typeof writeOptions>): Promise<unknown>;
  remove(client: ApiManagementClient, ctx: StepContext, id: string): Promise<unknown>;
}

interface MergedPolicyUndo {
  readonly id: string;
  readonly previousXml?: string;
}

/** `remove`: elements to take out as the policy is merged (what a pool added, when an API goes back to one backend). */
type PolicyStep = PlanStep<string, { readonly sections: PolicySections; readonly xml: string; readonly remove?: PolicySections }>;

/** `scopeOf` names the policy's scope in a step: its id and, for messages, what it is ("the API", 'the product "x"'). */
export function mergedPolicyHandler<S extends PolicyStep>(
  scopeOf: (step: S) => { readonly id: string; readonly what: string },
  access: PolicyScopeAccess,
): StepHandler<S> {
  const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  return {
    async inspect(step, ctx) {
      const { id, what } = scopeOf(step);
      const current = await access.read(await apim(ctx), ctx, id);
      if (!current || current.xml.trim() === '') return { state: 'absent' };
      try {
        const merged = mergePolicyXml(current.xml, step.payload.sections, step.payload.remove);
        if (normalizePolicyXml(current.xml) === merged) return { state: 'same' };
      } catch (e) {
        if (e instanceof PolicyXmlError) {
          return {
            state: 'blocked',
            summary: `The existing policy of ${what} cannot be read as XML, so it cannot be merged. Fix it in the portal first.`,
          };
        }
        throw e;
      }
      return { state: 'different', etag: current.etag, summary: `${capital(what)} already has a policy; ours would be merged into it.` };
    },
    async apply(step, inspection, ctx): Promise<MergedPolicyUndo> {
      const client = await apim(ctx);
      const { id, what } = scopeOf(step);
      if (inspection.state !== 'different') {
        await access.write(client, ctx, id, step.payload.xml, writeOptions(inspection));
        return { id };
      }
      const current = await access.read(client, ctx, id);
      if (!current || (inspection.etag && current.etag && current.etag !== inspection.etag)) {
        throw new ConflictError(`The policy of ${what} changed since Review.`);
      }
      const merged = mergePolicyXml(current.xml, step.payload.sections, step.payload.remove);
      await access.write(client, ctx, id, merged, writeOptions({ ...inspection, etag: current.etag }));
      return { id, previousXml: current.xml };
    },
    async undo(entry, ctx) {
      const client = await apim(ctx);
      const { id, previousXml } = entry.undo as MergedPolicyUndo;
      if (previousXml !== undefined) await access.write(client, ctx, id, previousXml, { ifMatch: '*' });
      else await deleteIgnoringMissing(() => access.remove(client, ctx, id));
    },
  };
}
