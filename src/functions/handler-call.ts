import type { LambdaContext, Completion } from './lambda-context.js';

export type Handler = (event: unknown, context: LambdaContext, callback: Completion) => unknown;

/**
 * Runs one invocation in any of the handler styles: a returned promise settles it; otherwise a handler
 * declaring a third parameter settles it through the callback (or context.done/succeed/fail); otherwise
 * the value returned synchronously is the result.
 *
 * Lambda holds a callback's result until the event loop is empty (callbackWaitsForEmptyEventLoop);
 * a worker cannot observe its own event loop, so the result is sent as soon as the callback runs.
 */
export function callHandler(handler: Handler, event: unknown, makeContext: (complete: Completion) => LambdaContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const complete: Completion = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== null && error !== undefined) reject(error);
      else resolve(result);
    };
    let returned: unknown;
    try {
      returned = handler(event, makeContext(complete), complete);
    } catch (error) {
      complete(error);
      return;
    }
    if (isThenable(returned)) {
      returned.then((value) => complete(null, value), (error: unknown) => complete(error ?? new Error('handler rejected with no reason')));
    } else if (handler.length < 3) {
      complete(null, returned);
    }
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
