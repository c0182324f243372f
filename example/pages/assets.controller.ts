import { Controller, Get, Header } from '@nestjs/common';
import { SITE_CSS } from './site-assets.js';

/** Static assets kept as strings, so the example needs no build step besides `tsc`. */
@Controller('assets')
export class AssetsController {
  @Get('site.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  css(): string {
    return SITE_CSS;
  }
}
