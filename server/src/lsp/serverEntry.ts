// Entry point of dist/server.js: run as a program (the language client forks it), it serves over
// the transport argv names; required as a module (the desktop's prose service), it only exports.
import { startFromArgv } from './main';

export { startOnPort } from './main';

if (require.main === module) startFromArgv();
