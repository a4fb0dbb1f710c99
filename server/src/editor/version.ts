// The version of DockML, read from package.json (bundled with the server), for the server's log.
export const VERSION: string = (require('../../../package.json') as { version: string }).version;
