import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_LIMIT = 50;

/** `?limit=` of every list endpoint: at most 200 rows a request, 50 unless asked. */
export class LimitRequest {
  @ApiPropertyOptional({ default: DEFAULT_LIMIT, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
