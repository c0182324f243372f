import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An `AbortSignal` that fires when the person's connection closes before their response was
 * finished (tab closed, navigation away, a proxy giving up). Handed to the mint, it stops the Nomos
 * call and keeps a link nobody can receive from being recorded `issued`.
 *
 * Listens on the response, not the request: since Node 16 a request emits `close` as soon as its
 * body has been read, while the response emits it when the socket goes away (or after it finished,
 * which `writableFinished` tells apart).
 */
export function clientDisconnectSignal(request: IncomingMessage, response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const gone = () => {
    if (!response.writableFinished) controller.abort();
  };
  // Already gone before the handler ran: the close event has been emitted, so check now.
  if (response.destroyed || request.socket?.destroyed) gone();
  else response.once('close', gone);
  return controller.signal;
}
