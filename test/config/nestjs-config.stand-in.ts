import { Injectable, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

// Stands in for `@nestjs/config` (not installed yet) where the README's async example is booted:
// the same two names, and `get`/`getOrThrow` return what the environment holds, i.e. strings.
// readme-async.e2e-spec.ts maps `@nestjs/config` in the README to this file.

/** Like `@nestjs/config`'s ConfigService: values from `process.env`, as strings. */
@Injectable()
export class ConfigService {
  // `any`, as ConfigService's own default type parameter: callers assign values to typed options.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the real get<T = any> signature
  get<T = any>(propertyPath: string): T | undefined {
    return process.env[propertyPath] as T | undefined;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the real getOrThrow<T = any>
  getOrThrow<T = any>(propertyPath: string): T {
    const value = this.get<T>(propertyPath);
    if (value === undefined) throw new TypeError(`Configuration key "${propertyPath}" does not exist`);
    return value;
  }
}

/** Like `@nestjs/config`'s ConfigModule: importable as it is, `forRoot()` makes it global. */
@Module({ providers: [ConfigService], exports: [ConfigService] })
export class ConfigModule {
  static forRoot(): DynamicModule {
    return { module: ConfigModule, global: true };
  }
}
