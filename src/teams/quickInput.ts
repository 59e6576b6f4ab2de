/**
 * Small promise wrappers over VS Code's input box and quick pick for the teams flows; Escape cancels the flow (a
 * CancellationError, which the command wrapper treats as the user's choice, not a failure).
 */
import * as vscode from 'vscode';

export interface Choice<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export async function ask(
  title: string,
  prompt: string,
  options: { value?: string; placeHolder?: string; validate?: (v: string) => string | undefined; password?: boolean } = {},
): Promise<string> {
  const value = await vscode.window.showInputBox({
    title,
    prompt,
    ignoreFocusOut: true,
    ...(options.value !== undefined ? { value: options.value } : {}),
    ...(options.placeHolder !== undefined ? { placeHolder: options.placeHolder } : {}),
    ...(options.validate ? { validateInput: (v: string) => options.validate?.(v) } : {}),
  });
  if (value === undefined) throw new vscode.CancellationError();
  return value;
}

export async function choose<T>(title: string, placeHolder: string, items: readonly Choice<T>[]): Promise<T> {
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true, matchOnDescription: true });
  if (!picked) throw new vscode.CancellationError();
  return picked.value;
}

export async function chooseMany<T>(title: string, placeHolder: string, items: readonly Choice<T>[]): Promise<T[]> {
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true, canPickMany: true });
  if (!picked) throw new vscode.CancellationError();
  return picked.map((p) => p.value);
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
