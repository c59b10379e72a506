import { Module } from '@nestjs/common';
import { ApplicationSubmittedConsumer } from './open-case/application-submitted.consumer';
import { OpenCaseService } from './open-case/open-case.service';

@Module({
  controllers: [ApplicationSubmittedConsumer],
  providers: [OpenCaseService],
})
export class CasesModule {}
