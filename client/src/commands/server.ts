// Typed access to the language server's custom requests used by the Xen commands.
// The shapes mirror server/src/lsp/server.ts; they are declared here so the client does not
// bundle any server code.

import type { ServerRequests } from '../serverRequests';

export interface GlossaryEntry {
  id: string;
  term: string;
  aliases: string[];
  category: string;
  layer: string;
  short: string;
  full: string;
  related: string[];
  link: string;
}

// The generator's option types come from the service itself (type-only: nothing is bundled).
export type { GenGuestType, BootMethod, DiskSource, GuestOptions, OptionProblem } from '../../../server/src/service/features/generate';
import type { BootMethod, DiskSource, GenGuestType, GuestOptions, OptionProblem } from '../../../server/src/service/features/generate';

export interface GeneratorChoices {
  types: { type: GenGuestType; label: string; detail: string; boots: BootMethod[]; firmwareLabel?: string }[];
  bootLabels: Record<BootMethod, string>;
  diskLabels: Record<DiskSource, string>;
  diskSourcesByBoot: Record<BootMethod, DiskSource[]>;
  kernels: Record<GenGuestType, { kernel: string; ramdisk: string }>;
  defaults: { memory: Record<GenGuestType, number>; vcpus: number; bridge: string };
  limits: { memoryMin: number; memoryMax: number; vcpusMin: number; vcpusMax: number };
}

/** A guest of the workspace as the Host view draws it (type-only: nothing of the server is bundled). */
export type { HostGuest as FleetGuest } from '../../../server/src/lsp/fleet';
import type { HostGuest as FleetGuest } from '../../../server/src/lsp/fleet';

/** The guest model as the server sends it (server/src/service/features/guestModel.ts). */
export type GuestModel = Record<string, unknown> & { name?: string };

export class ServerLink {
  private glossaryCache?: Promise<GlossaryEntry[]>;
  private choicesCache?: Promise<GeneratorChoices>;

  constructor(private readonly client: ServerRequests) {}

  private async request<T>(method: string, params?: unknown): Promise<T> {
    return this.client.sendRequest<T>(method, params ?? {});
  }

  glossary(): Promise<GlossaryEntry[]> {
    this.glossaryCache ??= this.request<GlossaryEntry[]>('xlcfg/glossary').then((g) => (Array.isArray(g) ? g : []));
    this.glossaryCache.catch(() => { this.glossaryCache = undefined; });
    return this.glossaryCache;
  }

  /** Every guest of the workspace's configs (the fleet index; it starts if it has not). */
  fleetGuests(): Promise<FleetGuest[] | null> {
    return this.request<FleetGuest[] | null>('xlcfg/fleet/guests');
  }

  guestModel(uri: string, version: number, text: string): Promise<GuestModel | null> {
    return this.request<GuestModel | null>('xlcfg/guestModel', { uri, version, text });
  }

  choices(): Promise<GeneratorChoices> {
    this.choicesCache ??= this.request<GeneratorChoices>('xlcfg/guestChoices');
    this.choicesCache.catch(() => { this.choicesCache = undefined; });
    return this.choicesCache;
  }

  checkGuest(options: Partial<GuestOptions>): Promise<{ problems: OptionProblem[]; diskPath?: string }> {
    return this.request('xlcfg/checkGuest', { options });
  }

  generateGuest(options: GuestOptions): Promise<{ text?: string; problems: OptionProblem[] }> {
    return this.request('xlcfg/generateGuest', { options });
  }
}
