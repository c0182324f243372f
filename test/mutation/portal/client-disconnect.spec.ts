// Found by `npm run test:mutation`: a connection already gone when the handler runs (the close
// event is over, so only the state tells), and which event the signal waits for. The request and
// response are small fakes of the members clientDisconnectSignal reads.
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientDisconnectSignal } from '../../../src/portal/client-disconnect.js';

const response = (state: { destroyed?: boolean; writableFinished?: boolean }) =>
  Object.assign(new EventEmitter(), {
    destroyed: false,
    writableFinished: false,
    ...state,
  }) as unknown as ServerResponse & EventEmitter;
const request = (socket?: { destroyed: boolean }) => ({ socket }) as unknown as IncomingMessage;

describe('clientDisconnectSignal before and after the handler', () => {
  it('fires at once when the socket or the response is already destroyed', () => {
    expect(clientDisconnectSignal(request({ destroyed: true }), response({})).aborted).toBe(true);
    expect(clientDisconnectSignal(request(undefined), response({ destroyed: true })).aborted).toBe(true);
  });

  it('waits for the response to close, and ignores a close after it finished', () => {
    const open = response({});
    const signal = clientDisconnectSignal(request({ destroyed: false }), open);
    expect(signal.aborted).toBe(false);
    open.emit('finish');
    expect(signal.aborted).toBe(false);
    open.emit('close');
    expect(signal.aborted).toBe(true);

    const done = response({});
    const kept = clientDisconnectSignal(request(undefined), done);
    Object.assign(done, { writableFinished: true });
    done.emit('close');
    expect(kept.aborted).toBe(false);
    expect(done.listenerCount('close')).toBe(0);
  });

  it('does not fire, nor wait, when the response finished before its socket went', () => {
    const finished = response({ writableFinished: true });
    expect(clientDisconnectSignal(request({ destroyed: true }), finished).aborted).toBe(false);
    expect(finished.listenerCount('close')).toBe(0);
  });
});
