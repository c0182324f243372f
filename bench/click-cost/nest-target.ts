// Target (b) of `npm run bench`: the same handler as a bare Nest controller (Express adapter).
import 'reflect-metadata';
import { Controller, Get, Headers, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Response } from 'express';
import { childSide } from './child.js';
import type { ReferenceConfig } from './reference.types.js';
import { vendorClick } from './vendor-handler.js';

const side = childSide<ReferenceConfig>({});

@Controller()
class PortalController {
  @Get('portal')
  async open(@Headers('cookie') cookie: string | undefined, @Res() res: Response): Promise<void> {
    const answer = await vendorClick(side.config, cookie).catch(() => ({ status: 502, text: 'Portal unavailable' }));
    if ('location' in answer && answer.location) res.redirect(302, answer.location);
    else res.status(answer.status).send(answer.text);
  }
}

@Module({ controllers: [PortalController] })
class BareModule {}

const app = await NestFactory.create(BareModule, { logger: ['error'] });
await app.listen(0, '127.0.0.1');
side.ready({ url: await app.getUrl() });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
