import './tracing';
import 'reflect-metadata';
import { runHybridService } from '@mpp/messaging';
import { AppModule } from './app.module';

runHybridService(AppModule, {
  title: 'MPP notification',
  description:
    'Tells applicants (email, WhatsApp/SMS) and officers what happened to an application, from the workflow events; one delivery per event, channel and recipient.',
});
