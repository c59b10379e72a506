import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Public } from '@mpp/auth';
import { APPLICANT_KINDS, ApplicantKind, BusinessScale, PermitType, RiskLevel } from '@mpp/contracts';
import { DocumentType, ruleSetFor } from '@mpp/domain';
import { ApiErrors } from '@mpp/platform';
import { BusinessDto } from '../../applications/submit-application/submit-application.request.dto';
import { RuleSetView } from '../rule-set.view';
import { Assessment, assessApplication } from './assessment';

/** The KBLI code, capital and sales exactly as the submission takes them (same rules and messages). */
export class AssessmentRequest extends PickType(BusinessDto, ['kbli', 'capital', 'annualSales'] as const) {
  @ApiPropertyOptional({ enum: APPLICANT_KINDS, default: 'INDIVIDUAL', description: 'A business entity is also asked for its deed' })
  @IsOptional()
  @IsIn(APPLICANT_KINDS, { message: `kind must be one of ${APPLICANT_KINDS.join(', ')}` })
  kind?: ApplicantKind;
}

export class AssessedKbliView {
  @ApiProperty({ example: '47112' }) code: string;
  @ApiProperty({ example: 'Perdagangan Eceran Berbagai Macam Barang yang Utamanya Makanan, Minuman atau Tembakau Bukan di Minimarket/Supermarket/Hypermarket (Tradisional)' })
  title: string;
}

export class AssessmentView implements Assessment {
  @ApiProperty({ type: AssessedKbliView }) kbli: AssessedKbliView;

  @ApiProperty({ enum: BusinessScale, description: 'From the capital (PP 7/2021 Ps. 35(2)-(3)), as the submission derives it' })
  businessScale: BusinessScale;

  @ApiPropertyOptional({ enum: BusinessScale, description: 'What the annual sales alone would give (PP 7/2021 Ps. 35(5)); informative' })
  salesScale?: BusinessScale;

  @ApiProperty({ enum: RiskLevel }) riskLevel: RiskLevel;

  @ApiProperty({ enum: PermitType, isArray: true, description: 'The permits the risk level yields' })
  permits: PermitType[];

  @ApiProperty({ enum: DocumentType, isArray: true, description: 'The documents the verification will ask for' })
  documents: DocumentType[];

  @ApiProperty({ description: 'An officer checks the application (medium-high and high risk)' })
  officerReview: boolean;

  @ApiProperty({ description: 'The head of office approves (high risk)' })
  headOfOfficeApproval: boolean;

  @ApiProperty({ type: RuleSetView, description: 'The regulation the application is decided under: the one in force today' })
  ruleSet: RuleSetView;

  @ApiProperty({ example: 'PP-28-2025-curated-2026.12.01' }) catalogueVersion: string;
}

@ApiTags('reference')
@Controller('api/v1/reference')
export class AssessmentHttpController {
  @Post('assessment')
  @HttpCode(200)
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    description: 'Computed by the same functions the submission uses. A POST so that the inputs travel as JSON numbers; it stores nothing.',
    summary: 'Preview of an application: business scale and risk level (as the submission derives them), the permits it yields and the documents asked for',
  })
  @ApiOkResponse({ type: AssessmentView })
  @ApiErrors({ status: HttpStatus.BAD_REQUEST, description: 'A field is missing or breaks its rule (details name it: kbli, capital, annualSales, kind)' }, HttpStatus.PAYLOAD_TOO_LARGE)
  assess(@Body() body: AssessmentRequest): AssessmentView {
    // The rule set in force today (by the date in Western Indonesia; offices switch on the same date).
    return assessApplication(body, ruleSetFor(new Date(), 'Asia/Jakarta'));
  }
}
