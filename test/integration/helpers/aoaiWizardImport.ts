/**
 * An Azure OpenAI import the way a user runs it: the wizard's real controller gets Review, then Create (then, when
 * asked, Rollback), exactly the messages the webview sends, and the test reads what the wizard shows back.
 */
import type { ServiceRef } from '../../../src/apim/refs';
import type { AzureOpenAiInput } from '../../../src/protocol/azureOpenAiInput';
import type { CreateOutcome, Review, WizardEvent } from '../../../src/protocol/importWizard';
import { clientsOf } from './aoaiFixtures';
import { lastEvent, recordingWizard } from './recordingWizard';
import type { SandboxHarness } from './sandbox';

export interface WizardImport {
  readonly review: Review;
  readonly outcome: CreateOutcome;
  /** The step that failed (its plan id, `kind:name`), from the progress the wizard showed. */
  readonly failedStep?: string;
  /** Steps the wizard showed as undone, in order (a rollback, or the undo after a role refusal). */
  readonly undoneSteps: readonly string[];
  /** Sends Rollback and returns the wizard's answer. */
  rollback(): Promise<Extract<WizardEvent, { type: 'rolledBack' }>>;
}

export type AoaiWizardInput = Omit<AzureOpenAiInput, 'mode'>;

/** Review only: what the wizard shows before anything is written (throws with the wizard's sentence when refused). */
export async function reviewThroughWizard(sb: SandboxHarness, service: ServiceRef, input: AoaiWizardInput): Promise<Review> {
  const { controller, events } = recordingWizard(clientsOf(sb), service);
  await controller.handle({ type: 'review', requestId: 1, input: { mode: 'azureOpenAi', ...input }, key: '' });
  return reviewOf(events);
}

export async function importThroughWizard(sb: SandboxHarness, service: ServiceRef, input: AoaiWizardInput): Promise<WizardImport> {
  const { controller, events } = recordingWizard(clientsOf(sb), service);
  const message = { input: { mode: 'azureOpenAi' as const, ...input }, key: '' };
  await controller.handle({ type: 'review', requestId: 1, ...message });
  const review = reviewOf(events);
  await controller.handle({ type: 'create', requestId: 2, ...message });
  const outcome = lastEvent(events, 'finished')?.outcome;
  if (!outcome) throw new Error(`The wizard did not finish: ${describeEvents(events)}`);
  const progress = events.filter((e): e is Extract<WizardEvent, { type: 'progress' }> => e.type === 'progress');
  const failedStep = progress.find((e) => e.status === 'failed')?.stepId;
  return {
    review,
    outcome,
    ...(failedStep ? { failedStep } : {}),
    undoneSteps: progress.filter((e) => e.status === 'rolledBack').map((e) => e.stepId),
    async rollback() {
      await controller.handle({ type: 'rollback', requestId: 3 });
      const answer = lastEvent(events, 'rolledBack');
      if (!answer) throw new Error(`The wizard did not roll back: ${describeEvents(events)}`);
      return answer;
    },
  };
}

/** Review steps by kind, as `kind: action`, for assertions. */
export function reviewActions(review: Review): Record<string, string> {
  return Object.fromEntries(review.steps.map((s) => [s.id.split(':')[0], s.action]));
}

export const stepKinds = (review: Review): string[] => review.steps.map((s) => s.id.split(':')[0]);

/** An outcome for an assertion message: its status and sentence. */
export function describeWizardOutcome(outcome: CreateOutcome): string {
  return 'message' in outcome ? `${outcome.status}: ${outcome.message}` : outcome.status;
}

function reviewOf(events: readonly WizardEvent[]): Review {
  const review = lastEvent(events, 'reviewReady')?.review;
  if (!review) throw new Error(`No review: ${describeEvents(events)}`);
  return review;
}

function describeEvents(events: readonly WizardEvent[]): string {
  const said = events.flatMap((e) =>
    e.type === 'error' ? [e.message] : e.type === 'invalid' ? Object.values(e.errors) : e.type === 'finished' ? [e.outcome.status] : [],
  );
  return said.join(' | ') || events.map((e) => e.type).join(', ');
}
