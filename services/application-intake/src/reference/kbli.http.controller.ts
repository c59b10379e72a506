import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '@mpp/auth';
import { findRuleSet, RULE_SETS, RuleSet, ruleSetFor, searchKbli } from '@mpp/domain';
import { ApiErrors, RequestValidationException } from '@mpp/platform';

@ApiTags('reference')
@Controller('api/v1/reference')
export class KbliHttpController {
  @Get('kbli')
  @Public()
  @ApiOperation({
    summary: 'KBLI activities the platform licenses, with the risk level per business scale and where it comes from',
    description:
      'Each row names the rule set (the regulation) it belongs to, the KBLI classification of its code, its source, and whether its ' +
      'levels are confirmed from that source for every scale. Without `ruleSet`: the rule set in force today, the one a new ' +
      'application is decided under.',
  })
  @ApiQuery({ name: 'q', required: false, description: 'Filter by code prefix or words of the title' })
  @ApiQuery({ name: 'ruleSet', required: false, enum: RULE_SETS.map((s) => s.id), description: 'Another rule set, e.g. PP-5-2021 for applications decided before PP 28/2025' })
  @ApiOkResponse({
    description:
      '[{ code, title, classification, ruleSet, regulation, risk: { MIKRO, KECIL, MENENGAH, BESAR }, parameterRules?, source, sourcedScales, confirmed }]',
  })
  @ApiErrors({ status: HttpStatus.BAD_REQUEST, description: 'ruleSet is not one of the platform\'s rule sets' })
  list(@Query('q') q?: string, @Query('ruleSet') ruleSetId?: string) {
    const ruleSet = ruleSetId === undefined ? ruleSetFor(new Date(), 'Asia/Jakarta') : known(ruleSetId);
    return searchKbli((q ?? '').slice(0, 100), ruleSet).map((k) => ({
      code: k.code,
      title: k.title,
      classification: ruleSet.kbliClassification,
      ruleSet: ruleSet.id,
      regulation: ruleSet.regulation.short,
      risk: k.risk,
      ...(k.parameterRules?.length ? { parameterRules: k.parameterRules } : {}),
      source: k.source,
      sourcedScales: k.sourcedScales,
      confirmed: k.verified,
    }));
  }
}

function known(id: string): RuleSet {
  const found = typeof id === 'string' ? findRuleSet(id) : undefined;
  if (found) return found;
  const ids = RULE_SETS.map((s) => s.id).join(', ');
  throw new RequestValidationException([{ field: 'ruleSet', rule: 'knownRuleSet', message: `ruleSet must be one of ${ids}` }]);
}
