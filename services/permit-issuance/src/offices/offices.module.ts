import { Module } from '@nestjs/common';
import { OfficeConfiguredConsumer } from './office-configured.consumer';
import { OfficeDirectory } from './office-directory.service';

@Module({
  controllers: [OfficeConfiguredConsumer],
  providers: [OfficeDirectory],
  exports: [OfficeDirectory],
})
export class OfficesModule {}
