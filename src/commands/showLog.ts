import { commandIds } from '../contributes';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerShowLog(services: CommandServices) {
  return registerCommand(services, commandIds.showLog, 'show the log', () => services.log.show(true));
}
