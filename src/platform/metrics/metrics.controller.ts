import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';

import { Public } from 'src/platform/auth/decorators';
import { RateLimit } from 'src/platform/ratelimit/rate-limit';

// Scraped by Prometheus on the internal network; the edge router never exposes it.
@ApiExcludeController()
@Public()
@RateLimit('none')
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
