import { Controller, Get, Header, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Public } from '@mpp/auth';
import { ApiErrors } from '@mpp/platform';
import { RegionChildren, regionChildren, RegionLevel } from './region-tree';

export class RegionsRequest {
  @ApiPropertyOptional({
    example: '3373',
    description: 'The region whose children are listed: none for the provinces, a province (2 digits), a kabupaten/kota (4) or a kecamatan (6); dots allowed',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  parent?: string;
}

export class RegionItemView {
  @ApiProperty({ example: '337301' })
  code: string;

  @ApiPropertyOptional({ example: 'Sidorejo', description: 'Absent for a desa/kelurahan (the code list has no village names)' })
  name?: string;

  @ApiPropertyOptional({ example: 'KOTA', description: 'KABUPATEN or KOTA for a regency; KELURAHAN, DESA or DESA_ADAT for a village' })
  kind?: string;
}

export class RegionChildrenView implements RegionChildren {
  @ApiProperty({ nullable: true, example: '3373', type: String })
  parent: string | null;

  @ApiProperty({ enum: ['PROVINCE', 'REGENCY', 'DISTRICT', 'VILLAGE'] })
  level: RegionLevel;

  @ApiProperty({ type: [RegionItemView] })
  items: RegionItemView[];

  @ApiProperty({ description: 'Attribution of the region data (ODbL 1.0), to show wherever it is published' })
  attribution: string;
}

@ApiTags('reference')
@Controller('api/v1/reference')
export class RegionsHttpController {
  @Get('regions')
  @Public()
  @Header('Cache-Control', 'public, max-age=86400')
  @ApiOperation({ summary: 'The Kemendagri region tree, one level at a time: provinces, kabupaten/kota, kecamatan, desa/kelurahan' })
  @ApiOkResponse({ type: RegionChildrenView })
  @ApiErrors({ status: HttpStatus.BAD_REQUEST, description: '`parent` is malformed or not a known region (details name `parent`)' })
  list(@Query() query: RegionsRequest): RegionChildrenView {
    return regionChildren(query.parent);
  }
}
