import { Module } from '@nestjs/common';

/** Open311 GeoReport v2 with Helsinki's extensions, at /open311/v2. */
@Module({ controllers: [], providers: [] })
export class Open311Module {}
