/** What a reference target (hand-written Express handler, bare Nest controller) is told at start. */
export interface ReferenceConfig {
  nomosUrl: string;
  clientId: string;
  clientSecret: string;
  /** Session cookie value → Nomos customer id: the host's own sign-in, reduced to a lookup. */
  sessions: Record<string, string>;
}
