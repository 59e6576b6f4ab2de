import { commandIds } from '../contributes';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerSignIn(services: CommandServices) {
  return registerCommand(services, commandIds.signIn, 'sign in to Azure', () => services.account.signIn());
}
