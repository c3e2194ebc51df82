import { INestApplication } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { Platform } from '../../../libs/platform/src';
import { AppModule } from './app.module';
import { DASHBOARD_PATH, QueueDashboard } from './ops/queue-dashboard';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// The HTTP app on a ready platform; main.ts and the end-to-end tests both build it here.
export async function createApp(platform: Platform): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(platform), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.getHttpAdapter().getInstance().locals.clock = platform.clock;
  // Every answer names the conversation it belongs to: the caller's X-Correlation-Id, or a new one.
  app.use((req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    const given = req.headers['x-correlation-id'];
    req.correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Correlation-Id', req.correlationId);
    next();
  });
  app.use(DASHBOARD_PATH, app.get(QueueDashboard).router());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Channel Ledger API')
      .setDescription('Event-sourced partner relationship management: commands append events, queries read projections.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
