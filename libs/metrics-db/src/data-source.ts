import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { cliDatabaseUrl } from './cli/cli-database-url';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ConsumerOffsetEntity } from './entities/consumer-offset.entity';
import { DailyDistinctEntity } from './entities/daily-distinct.entity';
import { DailyMetricEntity } from './entities/daily-metric.entity';
import { DistinctSketchDeltaEntity } from './entities/distinct-sketch-delta.entity';
import { DistinctSketchEntity } from './entities/distinct-sketch.entity';
import { ErasedApiKeyEntity } from './entities/erased-api-key.entity';
import { ProjectSettingEntity } from './entities/project-setting.entity';
import { VisitSessionEntity } from './entities/visit-session.entity';
import { VisitorStateRetentionEntity } from './entities/visitor-state-retention.entity';
import { CreateDailyMetrics1795600000000 } from './migrations/1795600000000-create-daily-metrics';
import { CreateOffsetsAndDistinctSets1795600000001 } from './migrations/1795600000001-create-offsets-and-distinct-sets';
import { CreateProjectSettingsAndApiKeys1795600000002 } from './migrations/1795600000002-create-project-settings-and-api-keys';
import { LeaveRoomForHotUpdates1795600000003 } from './migrations/1795600000003-leave-room-for-hot-updates';
import { CreateDistinctSketches1795600000004 } from './migrations/1795600000004-create-distinct-sketches';
import { IndexSketchMarksByAge1795600000005 } from './migrations/1795600000005-index-sketch-marks-by-age';
import { ReplaceSketchMarksWithDeltas1795600000006 } from './migrations/1795600000006-replace-sketch-marks-with-deltas';
import { CreateVisitSessions1795600000007 } from './migrations/1795600000007-create-visit-sessions';
import { CreateVisitorStateRetention1795600000008 } from './migrations/1795600000008-create-visitor-state-retention';
import { StoreNewestRecordTime1795600000009 } from './migrations/1795600000009-store-newest-record-time';
import { CreateErasedApiKeys1795600000020 } from './migrations/1795600000020-create-erased-api-keys';

/** Listed by hand, not globbed: bundled apps and the CLI see exactly the same schema. */
const METRICS_DB_ENTITIES = [
  DailyMetricEntity,
  ConsumerOffsetEntity,
  DailyDistinctEntity,
  ProjectSettingEntity,
  ApiKeyEntity,
  DistinctSketchEntity,
  DistinctSketchDeltaEntity,
  VisitSessionEntity,
  VisitorStateRetentionEntity,
  ErasedApiKeyEntity,
];

/** In order; a migration made by `metrics-db:migration-generate` must be added here. */
const METRICS_DB_MIGRATIONS = [
  CreateDailyMetrics1795600000000,
  CreateOffsetsAndDistinctSets1795600000001,
  CreateProjectSettingsAndApiKeys1795600000002,
  LeaveRoomForHotUpdates1795600000003,
  CreateDistinctSketches1795600000004,
  IndexSketchMarksByAge1795600000005,
  ReplaceSketchMarksWithDeltas1795600000006,
  CreateVisitSessions1795600000007,
  CreateVisitorStateRetention1795600000008,
  StoreNewestRecordTime1795600000009,
  CreateErasedApiKeys1795600000020,
];

export interface MetricsDataSourceOptions {
  databaseUrl: string;
  poolSize?: number;
  applicationName?: string;
  /** How long a query may wait for a pooled connection (or a new one to connect); default 5 s. */
  connectionTimeoutMillis?: number;
  /** `statement_timeout` of every connection, in ms; unset leaves the server's. */
  statementTimeoutMs?: number;
}

/** The one data source definition of the system; `synchronize` stays off, the schema is the migrations'. */
export function createMetricsDataSource(options: MetricsDataSourceOptions): DataSource {
  const applicationName = options.applicationName ?? 'metrics-db';
  return new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    entities: METRICS_DB_ENTITIES,
    migrations: METRICS_DB_MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // gen_random_uuid() is built into PostgreSQL 13+; extensions are never installed behind the migrations' back.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    poolSize: options.poolSize ?? 10,
    applicationName,
    extra: {
      application_name: applicationName,
      // Fail fast when the server is away, so callers see a retriable error instead of waiting forever.
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
      // Sent with the connection's startup parameters: set before its first statement, no extra round trip.
      ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
    },
  });
}

function createCliDataSource(): DataSource {
  return createMetricsDataSource({
    databaseUrl: cliDatabaseUrl(),
    poolSize: 2,
    applicationName: 'metrics-db-cli',
  });
}

// The TypeORM CLI (`-d libs/metrics-db/src/data-source.ts`, `metrics-db:migration-generate`) takes the one
// DataSource instance it finds among this file's exports. It is built on first access, so that the library importing this file neither reads
// the environment nor loads env files.
let cliDataSource: DataSource | undefined;
Object.defineProperty(exports, 'cliDataSource', {
  enumerable: true,
  get: () => (cliDataSource ??= createCliDataSource()),
});
