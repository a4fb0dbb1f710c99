// The version of DockML, read from package.json when the server is bundled, for the server's log.
export const VERSION: string = (require('../../package.json') as { version: string }).version;
