// The JSON schema of the project file, built from the code table and the release list so that
// the editor completes and checks exactly what the loader accepts. It is written to
// schemas/xlcfg-project.schema.json (schemas/generate-project-schema.mjs); a test compares them.

import { XEN_RELEASES, NEWEST_RELEASE } from '../service/knowledge/types';
import { ALL_CODES, ruleInfo } from './diagnosticCodes';
import { PROJECT_FILE_NAME } from './projectConfig';

export function projectFileSchema(): Record<string, unknown> {
  const diagnostics: Record<string, unknown> = {};
  for (const code of ALL_CODES) {
    const info = ruleInfo(code);
    diagnostics[code] = {
      $ref: '#/definitions/severity',
      description: `${info.title} (default: ${info.defaultLevel}).`,
      markdownDescription: `${info.title} (default: ${info.defaultLevel}). [Documentation](${info.helpUri})`,
    };
  }
  const patterns = 'Glob patterns relative to this file\'s folder: * and ? within a name, ** across folders, [abc], {a,b}; a pattern without / matches a name at any depth, and a folder pattern covers everything under it.';
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/xen-tooling/xen-xlcfg/blob/main/schemas/xlcfg-project.schema.json',
    title: `xlcfg project file (${PROJECT_FILE_NAME})`,
    description: 'Settings the Xen xl.cfg extension and the xlcfg command line share for the configs in this folder and below it. Command-line options win over this file; this file wins over editor settings.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema of this file.' },
      xenVersion: {
        enum: [...XEN_RELEASES, 'auto'],
        description: `The Xen release the configs are judged by. auto (the default): the installed xl's release on a Xen control domain, else the newest release (${NEWEST_RELEASE}).`,
        markdownDescription: `The Xen release the configs are judged by: keys that release does not have get a \`not-in-version\` warning. \`auto\` (the default): the installed xl's release on a Xen control domain, else the newest release (${NEWEST_RELEASE}).`,
      },
      diagnostics: {
        type: 'object',
        description: 'Severity per diagnostic code, or off to hide it.',
        markdownDescription: 'Severity per diagnostic code, or `off` to hide it, e.g. `{ "unknown-key": "off", "deprecated-key": "info" }`.',
        properties: diagnostics,
        additionalProperties: false,
      },
      allowedKeys: {
        type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true,
        description: 'Keys that are not in xl.cfg(5) but that your toolstack reads (vendor patches): no unknown-key warning.',
      },
      include: {
        type: 'array', items: { type: 'string', minLength: 1 },
        description: `More files to check when a folder is checked, besides those the extension claims by name or content. ${patterns}`,
      },
      exclude: {
        type: 'array', items: { type: 'string', minLength: 1 },
        description: `Files and folders not checked when a folder is checked (files named on the command line are always checked). ${patterns}`,
      },
      maxProblemsPerCode: {
        type: 'integer', minimum: 0,
        description: 'How many problems of one code a file lists; the rest are counted in one more-problems entry. 0 lists them all.',
      },
    },
    definitions: {
      severity: {
        enum: ['error', 'warning', 'info', 'hint', 'off'],
        enumDescriptions: ['An error (check exits 1)', 'A warning', 'Information', 'A hint (faint in the editor)', 'Not shown'],
      },
    },
  };
}
