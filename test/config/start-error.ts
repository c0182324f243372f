import type { DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { nomosPortalEntities } from '../../src/index.js';

/** Compiles an app with `portal` on an in-memory database; the start-up error, or undefined when it starts. */
export async function startUpError(portal: DynamicModule): Promise<unknown> {
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: nomosPortalEntities }),
        portal,
      ],
    }).compile();
    await moduleRef.close();
    return undefined;
  } catch (error) {
    return error;
  }
}
