import { Controller, Get, Header, Req } from '@nestjs/common';
import type { Request } from 'express';
import { homePage } from './home-page.js';
import { signedInUser } from './signed-in-user.js';

/** `GET /`: the intranet's home page. */
@Controller()
export class HomeController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  // Personal pages must not be kept by shared caches or shown again after sign-out.
  @Header('Cache-Control', 'no-store')
  home(@Req() request: Request): string {
    return homePage(signedInUser(request));
  }
}
