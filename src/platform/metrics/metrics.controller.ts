import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';

import { Public } from 'src/platform/auth/decorators';
import { InternalTokenGuard } from 'src/platform/auth/internal-token.guard';
import { RateLimit } from 'src/platform/ratelimit/rate-limit';

// Scraped by Prometheus on the internal monitoring network; the edge routers exclude the path, and the bearer token
// (METRICS_TOKEN, required in production) guards it even if a route to it is opened by mistake.
@ApiExcludeController()
@Public()
@RateLimit('none')
@UseGuards(InternalTokenGuard)
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
