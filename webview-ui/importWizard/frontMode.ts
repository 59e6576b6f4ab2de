/**
 * One mode of the wizard's front end (Language Model API, Azure OpenAI): its form sections and how they become the
 * mode's input. main.ts owns the pages, the navigation, Review and Create; a mode only fills its sections. A new mode
 * implements this in a file of its own and is added to `frontModes` in main.ts.
 */
import type { FieldErrors, PathAndId } from '../../src/protocol/webviewShared';
import type { ImportInput, ImportMode } from '../../src/protocol/importInput';
import type { InstanceInfo, WizardFacts } from '../../src/protocol/importWizard';
import type { SavedModes } from '../../src/protocol/importWizardState';

export interface FrontContext {
  readonly instance: InstanceInfo;
  /** What the host told about the instance; undefined until it answered. */
  facts(): WizardFacts | undefined;
  /** Asks the host a mode-specific question (modeRequest) and resolves with its reply. */
  request(request: unknown): Promise<unknown>;
  /** Called when a field changed, so the wizard can save its (secret-free) state. */
  changed(): void;
}

export interface FrontMode<M extends ImportMode = ImportMode> {
  readonly id: M;
  readonly label: string;
  /** Builds the mode's controls into the "Details" page and, when it has any, the "Policies" page. */
  mount(pages: { readonly details: HTMLElement; readonly policies: HTMLElement }, ctx: FrontContext): void;
  /** The host's facts arrived or changed. */
  onFacts(facts: WizardFacts): void;
  /** Validates the fields of `page` ('details' | 'policies' | 'all'); shows the errors; true when valid. */
  validate(page: 'details' | 'policies' | 'all'): boolean;
  /**
   * The input for Review/Create, the key (empty when none) and the keys of the pool's extra backends (in their order;
   * absent: none); call after `validate('all')`.
   */
  collect(onExisting: 'conflict' | 'update'): {
    readonly input: ImportInput;
    readonly key: string;
    readonly backendKeys?: readonly string[];
  };
  /** Takes the free path and API id the host chose ("Use a new path"); modes without that choice leave it out. */
  applyNewPath?(newPath: PathAndId): void;
  /** Shows errors the host found (it validates again). */
  showErrors(errors: FieldErrors): void;
  /** Secret-free state to keep while the panel is hidden, and to restore it (checked by importWizardState.ts first). */
  saveState(): SavedModes[M];
  restoreState(state: SavedModes[M]): void;
}
