import { Module } from '@nestjs/common';

/** Department, category and district summaries with CSV export. */
@Module({ controllers: [], providers: [] })
export class SummariesModule {}
