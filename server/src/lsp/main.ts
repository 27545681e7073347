// Entry point of dist/server.js: the transport (--node-ipc, --stdio, --socket) comes from argv.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodePlatform } from './documentSettings';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all), { platform: nodePlatform() });
