import { ApiProperty } from '@nestjs/swagger';
import type { RuleSetSummary } from './assessment/assessment';

/** The regulation a decision follows (a rule set of @mpp/domain), in the preview and the status view. */
export class RuleSetView implements RuleSetSummary {
  @ApiProperty({ example: 'PP-28-2025', description: 'Identifier of the rule set, recorded with the application' }) id: string;
  @ApiProperty({ example: 'PP 28/2025' }) regulation: string;
  @ApiProperty({ example: 'Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko' }) title: string;
  @ApiProperty({ example: 'https://peraturan.bpk.go.id/Details/319773/pp-no-28-tahun-2025' }) url: string;
}
