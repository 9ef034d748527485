import type { InjectionToken } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ReadinessCheck } from './readiness';

/**
 * Ready when the DataSource answers `SELECT 1`. The token is required (pass `DataSource` for
 * @nestjs/typeorm's default, or the persistence lib's token) so this lib never loads typeorm
 * itself: the portal has no database.
 */
export function databaseReadiness(dataSource: InjectionToken, name = 'database'): ReadinessCheck {
  return {
    name,
    inject: [dataSource],
    useFactory: (ds: Pick<DataSource, 'isInitialized' | 'query'>) => async () => {
      if (!ds.isInitialized) throw new Error('DataSource is not initialized');
      await ds.query('SELECT 1');
    },
  };
}
