/** The extension's one output channel, "AI Gateway" (a LogOutputChannel: levels, timestamps, the user's log level). */
import * as vscode from 'vscode';

/** What the rest of the extension needs from a log; tests pass an in-memory one. */
export interface Logger {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('AI Gateway', { log: true });
}
