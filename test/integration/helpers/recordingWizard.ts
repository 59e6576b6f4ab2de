/** The import wizard's real controller for a test against the sandbox, with the events it posts recorded in order. */
import type { ServiceRef } from '../../../src/apim/refs';
import type { AzureClients } from '../../../src/azure/clients';
import { ImportWizardController, type WizardHost } from '../../../src/importWizard/importWizardController';
import type { WizardEvent } from '../../../src/protocol/importWizard';

export interface RecordingWizard {
  readonly controller: ImportWizardController;
  readonly events: WizardEvent[];
  /** What it wrote to the log channel. */
  readonly logs: string[];
}

export function recordingWizard(
  clients: AzureClients,
  service: ServiceRef,
  host: Pick<WizardHost, 'subscriptionIds'> = {},
): RecordingWizard {
  const events: WizardEvent[] = [];
  const logs: string[] = [];
  const controller = new ImportWizardController({
    clients,
    service,
    post: (e) => events.push(e),
    log: (line) => logs.push(line),
    doneAction: () => Promise.resolve(),
    pollIntervalMs: 10,
    ...host,
  });
  return { controller, events, logs };
}

/** The last event of a type, typed as that event. */
export function lastEvent<T extends WizardEvent['type']>(
  events: readonly WizardEvent[],
  type: T,
): Extract<WizardEvent, { type: T }> | undefined {
  return events.filter((e): e is Extract<WizardEvent, { type: T }> => e.type === type).at(-1);
}
