import { Body, Controller, Get, Injectable, Param, Patch, PipeTransform, Post, HttpStatus } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, Officer, OfficerRole, Public, Roles } from '@mpp/auth';
import { ApiErrors, RequestValidationException } from '@mpp/platform';
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
  @Roles(OfficerRole.OFFICE_ADMIN, OfficerRole.PLATFORM_ADMIN)
  @ApiOperation({ summary: "An office's configuration (its own office admin, or a platform admin)" })
  @ApiOkResponse({ type: OfficeView })
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  get(@Param('code', OfficeCodePipe) code: string, @CurrentOfficer() officer: Officer): Promise<OfficeView> {
    return this.offices.get(code, officer);
  }

  @Post()
  @Roles(OfficerRole.PLATFORM_ADMIN)
  @ApiOperation({ summary: 'Create an office (platform admin)' })
  @ApiCreatedResponse({ type: OfficeView })
  @ApiErrors(HttpStatus.BAD_REQUEST, { status: HttpStatus.CONFLICT, description: 'An office with this code exists' }, HttpStatus.PAYLOAD_TOO_LARGE)
  create(@Body() body: CreateOfficeRequest, @CurrentOfficer() officer: Officer): Promise<OfficeView> {
    return this.offices.create(body, officer);
  }

  @Patch(':code')
  @Roles(OfficerRole.OFFICE_ADMIN, OfficerRole.PLATFORM_ADMIN)
  @ApiOperation({ summary: "Change an office's name, address, permit-number template, calendar or service levels" })
  @ApiOkResponse({ type: OfficeView })
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT, HttpStatus.PAYLOAD_TOO_LARGE)
  update(@Param('code', OfficeCodePipe) code: string, @Body() body: UpdateOfficeRequest, @CurrentOfficer() officer: Officer): Promise<OfficeView> {
    return this.offices.update(code, body, officer);
  }
}
