// Writes schemas/xlcfg-project.schema.json, the JSON schema of the project file .xlcfg.json,
// from the code table (server/src/config/diagnosticCodes.ts) and the release list, compiled
// by `npm pretest` into out/. test/cli/projectConfig.test.ts fails when the two differ.
// Usage: npm run -s pretest && node schemas/generate-project-schema.mjs
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { projectFileSchema } = require(path.join(root, 'out/server/src/config/projectSchema.js'));
fs.writeFileSync(path.join(root, 'schemas/xlcfg-project.schema.json'), JSON.stringify(projectFileSchema(), null, 2) + '\n');
