import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { checkScimBearer } from './scim-bearer.js';
import { ScimError, scimErrorBody } from './scim-errors.js';

/** Largest SCIM request body read, in bytes: a User is well under a kilobyte, a PatchOp a few. */
export const MAX_SCIM_BODY_BYTES = 65_536;

const SCIM_TYPES = new Set(['application/scim+json', 'application/json']);

/** Answers a SCIM error from middleware, before any route runs. */
export function sendScimError(response: Response, error: ScimError): void {
  if (error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="scim"');
  response
    .status(error.status)
    .type('application/scim+json')
    .send(JSON.stringify(scimErrorBody(error)));
}

/**
 * The gate of every `/scim/v2` request: the bearer token first, so a stranger's request costs a
 * header check and nothing else; then the body, which Nest's own parser leaves alone for
 * `application/scim+json` (what Entra ID and Okta send), read up to {@link MAX_SCIM_BODY_BYTES}.
 */
export function scimRequestGate(tokens: readonly string[]): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (checkScimBearer(request.headers.authorization, tokens) !== 'ok') {
      sendScimError(response, new ScimError(401, undefined, 'A valid bearer token is required'));
      return;
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const parsed = (request as { _body?: boolean })._body === true;
    if (parsed || !SCIM_TYPES.has(type) || request.method === 'GET' || request.method === 'DELETE') {
      next();
      return;
    }
    readJson(request).then(
      (body) => {
        request.body = body;
        next();
      },
      (error: ScimError) => {
        // The rest of an oversized body is not read; the connection closes after the answer.
        if (error.status === 413) response.setHeader('Connection', 'close');
        sendScimError(response, error);
      },
    );
  };
}

function readJson(request: Request): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = Number(request.headers['content-length'] ?? 0);
    if (size > MAX_SCIM_BODY_BYTES) {
      reject(new ScimError(413, undefined, `The body is larger than ${MAX_SCIM_BODY_BYTES} bytes`));
      return;
    }
    size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_SCIM_BODY_BYTES) {
        request.removeAllListeners('data');
        request.pause();
        reject(new ScimError(413, undefined, `The body is larger than ${MAX_SCIM_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new ScimError(400, 'invalidSyntax', 'The body is not JSON'));
      }
    });
    request.on('error', () => reject(new ScimError(400, 'invalidSyntax', 'The body could not be read')));
  });
}
