import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorState } from './emulator-state.js';
import type { EmailFilterMode, NomosEmulatorOptions } from './emulator.types.js';
import type { ParsedBody } from './request-body.js';

/** The emulator's options with every default applied (customers live in the state instead). */
export type ResolvedEmulatorConfig = Required<Omit<NomosEmulatorOptions, 'customers'>>;

/** What every API route may use. */
export interface ApiContext {
  state: EmulatorState;
  config: ResolvedEmulatorConfig;
  /** The portal listener's port, known only once it listens. */
  portalPort(): number;
  /** How `filter[email][…]` is applied, read per request. @default 'case-insensitive' */
  emailFilter?(): EmailFilterMode;
}

/** A request as the routes see it: already read and parsed. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
  /** Path parameters, e.g. `id` of `/customers/{id}`. */
  params: Record<string, string>;
}
