import { Logger } from '@nestjs/common';

/** What `Logger#warn` was called with while `run` ran (also where Nest's testing logger drops it). */
export async function warningsDuring<T>(run: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = Object.getOwnPropertyDescriptor(Logger.prototype, 'warn')!;
  Object.defineProperty(Logger.prototype, 'warn', {
    ...original,
    value(this: Logger, message: unknown, ...rest: unknown[]) {
      warnings.push(String(message));
      return (original.value as (...args: unknown[]) => void).call(this, message, ...rest);
    },
  });
  try {
    return { result: await run(), warnings };
  } finally {
    Object.defineProperty(Logger.prototype, 'warn', original);
  }
}
