/**
 * Promise wrappers over VS Code's input box and quick pick for the teams flows, and a step runner with a Back button
 * (the convention of VS Code's own multi-step inputs). Escape cancels the flow (a CancellationError, which the command
 * wrapper treats as the user's choice, not a failure); Back returns to the previous question with its answer kept.
 */
import * as vscode from 'vscode';

export interface Choice<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export interface AskOptions {
  readonly value?: string;
  readonly placeHolder?: string;
  readonly validate?: (v: string) => string | undefined;
  readonly password?: boolean;
}

/** Thrown by a question of a step when the user presses Back; the step runner catches it. */
class BackPressed extends Error {}

interface Settle<T> {
  readonly answer: (value: T) => void;
  readonly back: () => void;
}

/**
 * Shows one question and settles once: with the answer, with BackPressed (its Back button), or with a
 * CancellationError when it is hidden (Escape). The widget is disposed in every case.
 */
function settleOnce<T, W extends vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>>(
  widget: W,
  canGoBack: boolean,
  wire: (widget: W, settle: Settle<T>) => vscode.Disposable[],
): Promise<T> {
  if (canGoBack) widget.buttons = [vscode.QuickInputButtons.Back];
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const subscriptions: vscode.Disposable[] = [];
    const done = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      for (const s of subscriptions) s.dispose();
      widget.dispose();
      settle();
    };
    const settle: Settle<T> = { answer: (v) => done(() => resolve(v)), back: () => done(() => reject(new BackPressed())) };
    subscriptions.push(
      ...wire(widget, settle),
      widget.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && settle.back()),
      widget.onDidHide(() => done(() => reject(new vscode.CancellationError()))),
    );
    widget.show();
  });
}

function showInput(title: string, prompt: string, options: AskOptions, canGoBack: boolean): Promise<string> {
  const box = vscode.window.createInputBox();
  box.title = title;
  box.prompt = prompt;
  box.ignoreFocusOut = true;
  box.value = options.value ?? '';
  if (options.placeHolder !== undefined) box.placeholder = options.placeHolder;
  box.password = options.password === true;
  box.validationMessage = options.value ? options.validate?.(options.value) : undefined;
  return settleOnce<string, vscode.InputBox>(box, canGoBack, (b, settle) => [
    b.onDidChangeValue((v) => void (b.validationMessage = options.validate?.(v))),
    b.onDidAccept(() => {
      const message = options.validate?.(b.value);
      if (message) b.validationMessage = message;
      else settle.answer(b.value);
    }),
  ]);
}

interface PickOptions<T> {
  readonly many: boolean;
  readonly canGoBack: boolean;
  /** The answer given before (Back), shown as the active or selected items again. */
  readonly previous?: readonly T[];
  /** Said when accepting a multi-select with nothing selected; the picker stays open. */
  readonly emptySelection?: string;
}

function showPick<T>(title: string, placeHolder: string, items: readonly Choice<T>[], options: PickOptions<T>): Promise<T[]> {
  const pick = vscode.window.createQuickPick<Choice<T>>();
  pick.title = title;
  pick.placeholder = placeHolder;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.canSelectMany = options.many;
  pick.items = items;
  const previous = options.previous;
  if (options.many) pick.selectedItems = items.filter((i) => (previous ? previous.includes(i.value) : i.picked === true));
  else if (previous) pick.activeItems = items.filter((i) => previous.includes(i.value)).slice(0, 1);
  return settleOnce<T[], vscode.QuickPick<Choice<T>>>(pick, options.canGoBack, (p, settle) => [
    p.onDidAccept(() => {
      const chosen = options.many ? p.selectedItems : p.activeItems.slice(0, 1);
      if (chosen.length === 0 && options.emptySelection !== undefined) void vscode.window.showWarningMessage(options.emptySelection);
      else if (chosen.length > 0 || options.many) settle.answer(chosen.map((c) => c.value));
    }),
  ]);
}

export function ask(title: string, prompt: string, options: AskOptions = {}): Promise<string> {
  return showInput(title, prompt, options, false);
}

export async function choose<T>(title: string, placeHolder: string, items: readonly Choice<T>[]): Promise<T> {
  const [value] = await showPick(title, placeHolder, items, { many: false, canGoBack: false });
  return value;
}

/** The questions a step of a flow asks; each shows Back when an earlier step asked something. */
export interface StepQuestions {
  ask(prompt: string, options?: AskOptions): Promise<string>;
  choose<T>(placeHolder: string, items: readonly Choice<T>[], previous?: T): Promise<T>;
  /** Re-asks until at least one item is chosen. */
  chooseSome<T>(placeHolder: string, items: readonly Choice<T>[], previous?: readonly T[]): Promise<T[]>;
}

/** A step reads and writes the flow's own state; a step that asks nothing (not applicable) is skipped by Back. */
export type Step = (questions: StepQuestions) => Promise<void>;

/**
 * Runs the steps in order. Back in a step returns to the last step that asked something; steps keep their earlier
 * answers in the flow's state, so they offer them again as the prefilled value.
 */
export async function runSteps(title: string, steps: readonly Step[]): Promise<void> {
  const asked: number[] = [];
  let index = 0;
  while (index < steps.length) {
    let askedHere = false;
    const canGoBack = asked.length > 0;
    const questions: StepQuestions = {
      ask: (prompt, options = {}) => {
        askedHere = true;
        return showInput(title, prompt, options, canGoBack);
      },
      choose: async (placeHolder, items, previous) => {
        askedHere = true;
        const [value] = await showPick(title, placeHolder, items, {
          many: false,
          canGoBack,
          ...(previous !== undefined ? { previous: [previous] } : {}),
        });
        return value;
      },
      chooseSome: (placeHolder, items, previous) => {
        askedHere = true;
        return showPick(title, placeHolder, items, {
          many: true,
          canGoBack,
          emptySelection: 'Choose at least one.',
          ...(previous ? { previous } : {}),
        });
      },
    };
    try {
      await steps[index](questions);
      if (askedHere) asked.push(index);
      index++;
    } catch (e) {
      if (!(e instanceof BackPressed)) throw e;
      index = asked.pop() ?? 0;
    }
  }
}

/** A whole number, or undefined for an empty answer; the text check comes before the domain's range check. */
export function parseOptionalWhole(text: string): number | undefined {
  const t = text.trim().replace(/[,_\s]/g, '');
  return t === '' ? undefined : Number(t);
}

export const wholeOrEmpty =
  (rangeCheck: (n: number) => string | undefined) =>
  (text: string): string | undefined => {
    const n = parseOptionalWhole(text);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n)) return 'Enter a whole number, or leave it empty.';
    return rangeCheck(n);
  };
