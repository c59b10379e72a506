import { Controller, Get, NotFoundException, Param, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '@mpp/auth';
import { ApiErrors } from '@mpp/platform';
import { SigningKeyStore } from './signing-key.store';

export class SigningKeyView {
  @ApiProperty({ example: '3373-ed25519-4f1c2a9b0d3e5f67' })
  keyId: string;

  @ApiProperty({ example: 'Ed25519' })
  algorithm: string;

  @ApiProperty({ example: '3373' })
  officeCode: string;

  @ApiProperty({ description: 'SubjectPublicKeyInfo, PEM' })
  publicKey: string;

  @ApiProperty()
  createdAt: string;

  @ApiPropertyOptional({ description: 'Set once the key no longer signs; it still verifies what it signed' })
  retiredAt?: string;
}

/** Public keys of the offices, so that anyone can check a permit's signature themselves. */
@ApiTags('permits')
@Controller('api/v1/signing-keys')
export class SigningKeysHttpController {
  constructor(private readonly keys: SigningKeyStore) {}

  @Get(':keyId')
  @Public()
  @ApiOperation({ summary: 'Public key of an office signing key (verifies the signature on the permit verification page)' })
  @ApiOkResponse({ type: SigningKeyView })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No such key' })
  async get(@Param('keyId') keyId: string): Promise<SigningKeyView> {
    const key = /^[\w-]{1,100}$/.test(keyId) ? await this.keys.byId(keyId) : undefined;
    if (!key) throw new NotFoundException('Signing key not found');
    return {
      keyId: key.keyId,
      algorithm: key.algorithm,
      officeCode: key.officeCode,
      publicKey: key.publicKey,
      createdAt: key.createdAt.toISOString(),
      ...(key.retiredAt ? { retiredAt: key.retiredAt.toISOString() } : {}),
    };
  }
}
