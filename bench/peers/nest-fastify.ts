// The bare NestJS + Fastify peer: what the framework costs for a guarded command with no event sourcing. A guard
// checks the bearer token (jose, HS256, as the API does), a class-validator DTO checks the body through Nest's
// ValidationPipe, and the handler does one INSERT. Without a valid token the guard answers 401: that request is
// the framework's floor (no database, no validation, no result to serialise).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, CanActivate, Controller, ExecutionContext, HttpCode, Injectable, Module, Post, Req, UnauthorizedException, UseGuards, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsISO31661Alpha2, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Pool } from 'pg';
import { Caller, PEER_TABLE, runPeer, secretFromEnv, verifyBearer } from './peer';

const secret = secretFromEnv();
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

class ItemDto {
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsISO31661Alpha2() country!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) industry!: string;
}

@Injectable()
class BearerGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; caller?: Caller }>();
    const caller = await verifyBearer(request.headers.authorization, secret);
    if (!caller) throw new UnauthorizedException();
    request.caller = caller;
    return true;
  }
}

@Controller('items')
class ItemsController {
  @Post()
  @HttpCode(201)
  @UseGuards(BearerGuard)
  async create(@Body() body: ItemDto, @Req() request: { caller: Caller }): Promise<{ id: string }> {
    const id = randomUUID();
    await pool.query('insert into bench_peer_items (id, partner_id, created_by, name, country, industry) values ($1, $2, $3, $4, $5, $6)', [id, request.caller.partnerId ?? null, request.caller.userId, body.name, body.country, body.industry]);
    return { id };
  }
}

@Module({ controllers: [ItemsController], providers: [BearerGuard] })
class PeerModule {}

async function main(): Promise<void> {
  await pool.query(PEER_TABLE);
  const app = await NestFactory.create<NestFastifyApplication>(PeerModule, new FastifyAdapter(), { logger: ['error'] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('listening\n');
  process.once('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
}

runPeer('NestJS + Fastify', main);
