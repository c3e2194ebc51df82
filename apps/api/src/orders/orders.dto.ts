import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsEmail, IsIn, IsISO4217CurrencyCode, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { OpportunityLineDto } from '../opportunities/opportunities.dto';
import { ORDER_PRIORITIES, ORDER_TYPES, OrderPriority, OrderType } from '@channel-ledger/domain';
import { IsNotBlank } from '../common/validation';

export class OrderContactDto {
  @IsString() @IsNotBlank() @MaxLength(200) name!: string;
  @IsEmail() @MaxLength(254) email!: string;
}

// An order line is checked as an opportunity line is.
export class OrderLineDto extends OpportunityLineDto {}

export class CreateOrderDto {
  // From an accepted quote (its lines and partners are taken over), or direct with lines of its own.
  @IsOptional() @IsUUID() quoteId?: string;
  @IsString() @IsNotBlank() @MaxLength(200) account!: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => OrderContactDto) contact!: OrderContactDto;
  @IsIn(ORDER_TYPES) orderType!: OrderType;
  @IsIn(ORDER_PRIORITIES) priority!: OrderPriority;
  @ValidateIf((o: CreateOrderDto) => !o.quoteId) @IsUUID() channelPartnerId?: string;
  @ValidateIf((o: CreateOrderDto) => !o.quoteId) @IsISO4217CurrencyCode() currency?: string;
  @ValidateIf((o: CreateOrderDto) => !o.quoteId)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines?: OrderLineDto[];
}

export class CancelOrderDto {
  @IsString() @IsNotBlank() @MaxLength(4000) reason!: string;
}
