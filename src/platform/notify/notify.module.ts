import { Global, Module } from '@nestjs/common';

import { ChatWebhookService } from './chat-webhook.service';
import { MailService } from './mail.service';

@Global()
@Module({ providers: [MailService, ChatWebhookService], exports: [MailService, ChatWebhookService] })
export class NotifyModule {}
