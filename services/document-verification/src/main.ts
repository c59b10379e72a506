import './tracing';
import 'reflect-metadata';
import { runHybridService } from '@mpp/messaging';
import { AppModule } from './app.module';

runHybridService(AppModule, {
  title: 'MPP document verification',
  description: 'Opens a verification case per application, runs the automatic checks and verifies documents.',
});
