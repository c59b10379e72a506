import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '@mpp/auth';
import { KBLI_CATALOGUE_VERSION, searchKbli } from '@mpp/domain';

@ApiTags('reference')
@Controller('api/v1/reference')
export class KbliHttpController {
  @Get('kbli')
  @Public()
  @ApiOperation({ summary: 'KBLI activities the platform licenses, with the risk level per business scale' })
  @ApiQuery({ name: 'q', required: false, description: 'Filter by code prefix or words of the title' })
  @ApiOkResponse({ description: `[{ code, title, risk: { MIKRO, KECIL, MENENGAH, BESAR }, parameterRules? }] (catalogue ${KBLI_CATALOGUE_VERSION})` })
  list(@Query('q') q?: string) {
    return searchKbli((q ?? '').slice(0, 100)).map((k) => ({
      code: k.code,
      title: k.title,
      risk: k.risk,
      ...(k.parameterRules?.length ? { parameterRules: k.parameterRules } : {}),
    }));
  }
}
