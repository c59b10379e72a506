import { Body, Controller, Get, Injectable, Param, Patch, PipeTransform, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, Officer, OfficerRole, Public, Roles } from '@mpp/auth';
import { RequestValidationException } from '@mpp/platform';
import { CreateOfficeRequest, OfficeSummaryView, OfficeView, UpdateOfficeRequest } from './office.dto';
import { OfficesService } from './offices.service';


@Injectable()
class OfficeCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^\d{4}$/.test(value)) {
      throw new RequestValidationException([{ field: 'code', rule: 'matches', message: 'code must be a 4-digit office code' }]);
    }
    return value;
  }
}

@ApiTags('offices')
@Controller('api/v1/offices')
export class OfficesHttpController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The MPP offices that accept applications' })
  @ApiOkResponse({ type: [OfficeSummaryView] })
  list(): Promise<OfficeSummaryView[]> {
    return this.offices.listActive();
  }

  @Get(':code')
  @ApiBearerAuth()
  @Roles(OfficerRole.OFFICE_ADMIN, OfficerRole.PLATFORM_ADMIN)
  @ApiOperation({ summary: "An office's configuration (its own office admin, or a platform admin)" })
  @ApiOkResponse({ type: OfficeView })
  get(@Param('code', OfficeCodePipe) code: string, @CurrentOfficer() officer: Officer): Promise<OfficeView> {
    return this.offices.get(code, officer);
  }

  @Post()
  @ApiBearerAuth()
  @Roles(OfficerRole.PLATFORM_ADMIN)
  @ApiOperation({ summary: 'Create an office (platform admin)' })
  @ApiCreatedResponse({ type: OfficeView })
  create(@Body() body: CreateOfficeRequest, @CurrentOfficer() officer: Officer): Promise<OfficeView> {
    return this.offices.create(body, officer);
  }

  @Patch(':code')
  @ApiBearerAuth()
  @Roles(OfficerRole.OFFICE_ADMIN, OfficerRole.PLATFORM_ADMIN)
  @ApiOperation({ summary: "Change an office's name, address, permit-number template, calendar or service levels" })
  @ApiOkResponse({ type: OfficeView })
  update(@Param('code', OfficeCodePipe) code: string, @Body() body: UpdateOfficeRequest, @CurrentOfficer() officer: Officer): Promise<OfficeView> {
    return this.offices.update(code, body, officer);
  }
}
