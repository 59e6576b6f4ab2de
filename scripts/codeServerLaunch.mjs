// How this repository runs code-server, shared by `npm start` and the e2e harness: the flags of an extension install
// and of a server, and an environment whose XDG dirs keep code-server's files out of the home directory.
import { join } from 'node:path';

/** The line code-server prints once it serves; group 1 is its URL. */
export const LISTENING_LINE = /HTTP server listening on (http:\/\/\S+?)\/?$/;

export function installArgs(vsix, dirs) {
  return ['--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir, '--install-extension', vsix];
}

export function serveArgs(port, dirs, folder) {
  return [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--config',
    join(dirs.homeDir, 'config.yaml'),
    '--extensions-dir',
    dirs.extensionsDir,
    '--user-data-dir',
    dirs.userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    folder,
  ];
}

export function isolatedEnv(dirs) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.homeDir, 'config'),
    XDG_DATA_HOME: join(dirs.homeDir, 'data'),
    XDG_CACHE_HOME: join(dirs.homeDir, 'cache'),
  };
}
