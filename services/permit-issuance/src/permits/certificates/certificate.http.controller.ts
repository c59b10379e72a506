import { Controller, Get, NotFoundException, Param, Res, StreamableFile, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import { Public } from '@mpp/auth';
import { ApiErrors } from '@mpp/platform';
import { CertificateEntity } from './certificate.entity';

const FILE_PREFIX: Record<PermitType, string> = {
  [PermitType.NIB]: 'nib',
  [PermitType.SERTIFIKAT_STANDAR]: 'sertifikat-standar',
  [PermitType.IZIN]: 'izin',
};

/** A file name safe in a Content-Disposition header, e.g. `izin-503_0001_IZ_DPMPTSP_2026.pdf`. */
export function certificateFileName(type: PermitType, number: string): string {
  return `${FILE_PREFIX[type]}-${number.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '')}.pdf`;
}

/**
 * The certificate PDF of a permit, as issued (the stored bytes, whose SHA-256 the verification page shows).
 * Public like the verification page: the certificate is a public document that carries no NIK.
 */
@ApiTags('permits')
@Controller('api/v1/permits')
export class CertificateHttpController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get(':permitNumber/certificate.pdf')
  @Public()
  @ApiOperation({ summary: 'Download the current certificate PDF of a permit' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No permit with a certificate has this number' })
  async download(@Param('permitNumber') permitNumber: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const [certificate] = await this.dataSource.getRepository(CertificateEntity).find({
      where: { permitNumber: permitNumber.slice(0, 60) },
      order: { version: 'DESC' },
      take: 1,
    });
    if (!certificate) throw new NotFoundException('Certificate not found');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', `"${certificate.sha256}"`);
    return new StreamableFile(certificate.pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="${certificateFileName(certificate.permitType, certificate.permitNumber)}"`,
      length: certificate.pdf.length,
    });
  }
}
