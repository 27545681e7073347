// The language server as the commands, the status bar and content detection use it: requests
// only. The server behind it starts on the first request (or when a config is opened), so the
// extension's activation stays light.

export interface ServerRequests {
  sendRequest<R>(method: string, params?: unknown): Promise<R>;
}
