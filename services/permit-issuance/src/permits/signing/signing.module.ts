import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LocalKeySigner } from './local-key-signer';
import { PendingSigner } from './pending-signer';
import { PermitSigner } from './permit-signer';
import { SigningKeyStore } from './signing-key.store';
import { SigningKeysHttpController } from './signing-keys.http.controller';

/** The signing port, bound by PERMIT_SIGNER: `local` (default) or `pending`. */
@Module({
  controllers: [SigningKeysHttpController],
  providers: [
    SigningKeyStore,
    LocalKeySigner,
    {
      provide: PermitSigner,
      inject: [ConfigService, LocalKeySigner],
      useFactory: (config: ConfigService, local: LocalKeySigner): PermitSigner =>
        config.get<string>('PERMIT_SIGNER', 'local') === 'pending' ? new PendingSigner(local) : local,
    },
  ],
  exports: [PermitSigner],
})
export class SigningModule {}
