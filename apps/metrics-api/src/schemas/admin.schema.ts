import { z } from 'zod';
import { isIanaTimeZone } from '@metrics-store/metrics-contract';
import { storableTextSchema, uuidSchema } from './common.schema';

export const apiKeyPathSchema = z.object({ projectId: uuidSchema, keyId: uuidSchema });

export const projectSettingsBodySchema = z
  .strictObject({
    timezone: storableTextSchema
      .max(100)
      .refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Berlin')
      .meta({ example: 'America/New_York' }),
  })
  .meta({ id: 'ProjectSettingsUpdate' });

export const projectSettingsResponseSchema = z
  .object({
    project_id: uuidSchema,
    timezone: z.string(),
    updated_at: z.string().meta({ format: 'date-time' }).nullable(),
  })
  .meta({ id: 'ProjectSettings' });

export const apiKeyCreateBodySchema = z
  .strictObject({ name: storableTextSchema.trim().min(1).max(100).meta({ example: 'dashboard' }) })
  .meta({ id: 'ApiKeyCreate' });

const apiKeyFields = {
  id: uuidSchema,
  name: z.string(),
  created_at: z.string().meta({ format: 'date-time' }),
};

export const createdApiKeySchema = z
  .object({ ...apiKeyFields, key: z.string().meta({ description: 'Shown only once', example: 'mk_...' }) })
  .meta({ id: 'CreatedApiKey' });

export const apiKeyListSchema = z
  .object({
    api_keys: z.array(
      z.object({ ...apiKeyFields, revoked_at: z.string().meta({ format: 'date-time' }).nullable() }),
    ),
  })
  .meta({ id: 'ApiKeyList' });

export const projectErasureSchema = z
  .object({
    project_id: uuidSchema,
    removed: z.record(z.string(), z.number().int().min(0)).meta({
      description:
        'Rows removed, per table: every table that holds rows of a project, 0 where it had none. A second erase of the same project removes nothing.',
      example: {
        daily_metrics: 1240,
        daily_distinct: 53100,
        distinct_sketch_marks: 2,
        distinct_sketches: 310,
        project_settings: 1,
        api_keys: 2,
      },
    }),
  })
  .meta({ id: 'ProjectErasure' });
