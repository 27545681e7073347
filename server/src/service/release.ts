// Which Xen release to judge a config by: the precedence order every door follows.
//
//   command-line flag  >  project file  >  editor setting  >  the host  >  the newest release
//
// A layer set to `auto` (or not set) passes the choice on to the next. Pure: what the host runs
// is found by the node doors (server/src/host/release.ts) and passed in; the browser has none.

import { isXenRelease, NEWEST_RELEASE, XEN_RELEASES, XenRelease } from './knowledge';

export type ReleaseSource = 'flag' | 'project-file' | 'editor-setting' | 'host' | 'newest';

export interface ReleaseChoice {
  release: XenRelease;
  source: ReleaseSource;
  /** What decided it, for people: "--xen-version", "/srv/xen/.xlcfg.json", "/usr/lib/xen-4.20". */
  detail?: string;
}

export interface ReleaseInputs {
  /** `--xen-version` */
  flag?: string;
  /** The project file's `xenVersion`, and the file it came from. */
  projectFile?: { value?: string; file: string };
  /** `xlcfg.xenVersion` */
  editorSetting?: string;
}

/** Thrown for a release name that is neither a known release nor `auto`: doors print it. */
export class ReleaseChoiceError extends Error {}

const AUTO = 'auto';

function checked(value: string | undefined, where: string): XenRelease | undefined {
  if (value === undefined || value === AUTO || value === '') return undefined;
  if (isXenRelease(value)) return value;
  throw new ReleaseChoiceError(`${where}: '${value}' is not a Xen release this tool knows. Use one of ${XEN_RELEASES.join(', ')}, or auto.`);
}

/**
 * The release by the precedence order. `host` is asked only when no layer names a release: the
 * release of the host's xl and what showed it, or undefined off a Xen control domain.
 */
export function chooseXenRelease(inputs: ReleaseInputs, host: () => { release: XenRelease; evidence: string } | undefined = () => undefined): ReleaseChoice {
  const flag = checked(inputs.flag, '--xen-version');
  if (flag) return { release: flag, source: 'flag', detail: '--xen-version' };
  const project = checked(inputs.projectFile?.value, inputs.projectFile?.file ?? 'project file');
  if (project) return { release: project, source: 'project-file', detail: inputs.projectFile!.file };
  const editor = checked(inputs.editorSetting, 'xlcfg.xenVersion');
  if (editor) return { release: editor, source: 'editor-setting', detail: 'xlcfg.xenVersion' };
  const found = host();
  if (found) return { release: found.release, source: 'host', detail: found.evidence };
  return { release: NEWEST_RELEASE, source: 'newest' };
}

/** One line for people: "Xen 4.20 (from the host: /usr/lib/xen-4.20)". */
export function describeReleaseChoice(c: ReleaseChoice): string {
  const what = c.release === 'master' ? 'Xen master (development)' : `Xen ${c.release}`;
  switch (c.source) {
    case 'flag': return `${what} (--xen-version)`;
    case 'project-file': return `${what} (project file ${c.detail})`;
    case 'editor-setting': return `${what} (setting xlcfg.xenVersion)`;
    case 'host': return `${what} (the host's xl: ${c.detail})`;
    case 'newest': return c.detail === 'browser'
      ? `${what} (the newest release: in the browser there is no Xen host to ask; set xlcfg.xenVersion to judge by another)`
      : `${what} (the newest release; set a release to judge by another)`;
  }
}
