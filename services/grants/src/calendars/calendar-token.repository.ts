import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PremisesHttp } from '@vaikuta/contracts';

/** Every query of `calendar_tokens`. */
@Injectable()
export class CalendarTokenRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The person's one token, replacing any earlier one. */
  async replace(sub: string, tokenHash: Buffer, lang: PremisesHttp.FeedLanguage, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO calendar_tokens (sub, token_hash, lang, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sub) DO UPDATE SET token_hash = EXCLUDED.token_hash, lang = EXCLUDED.lang, created_at = EXCLUDED.created_at`,
      [sub, tokenHash, lang, at],
    );
  }

  async ownerOf(tokenHash: Buffer): Promise<{ sub: string; lang: PremisesHttp.FeedLanguage } | null> {
    const [row] = await this.dataSource.query(`SELECT sub, lang FROM calendar_tokens WHERE token_hash = $1`, [tokenHash]);
    return row ?? null;
  }
}
