import { Inject, Injectable, Logger } from '@nestjs/common';

import { notificationsConfig, NotificationsConfig } from 'src/platform/config/namespaces';

/** Posts operator notifications to a Slack-compatible incoming webhook (`{"text": ...}`). */
@Injectable()
export class ChatWebhookService {
  private readonly logger = new Logger(ChatWebhookService.name);

  constructor(@Inject(notificationsConfig.KEY) private readonly config: NotificationsConfig) {}

  async post(text: string): Promise<void> {
    if (!this.config.chatWebhookUrl) {
      this.logger.log({ text }, 'CHAT_WEBHOOK_URL not set: operator notification not sent');
      return;
    }
    const response = await fetch(this.config.chatWebhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(5000),
    });
    // A failure is thrown so the job is retried with backoff.
    if (!response.ok) throw new Error(`chat webhook answered ${response.status}`);
  }
}
