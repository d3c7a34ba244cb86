// --json of the image commands and project launch. Build and launch write one line per build step, then their
// result line (or a failure line with where the build failed).
import { z } from 'zod';
import { failedJson } from './problem';

export const buildStepLine = z.strictObject({ step: z.number(), total: z.number(), instruction: z.string() });
export type BuildStepLine = z.infer<typeof buildStepLine>;

export const buildFailedLine = failedJson.extend({
  failure: z
    .strictObject({
      step: z.number().nullable(),
      total: z.number().nullable(),
      instruction: z.string().nullable(),
      line: z.number().nullable(),
      endLine: z.number().nullable(),
      message: z.string(),
      tail: z.array(z.string()),
      dockerfile: z.string(),
    })
    .optional(),
});
export type BuildFailedLine = z.infer<typeof buildFailedLine>;

export const imageBuildJson = z.strictObject({
  ok: z.literal(true),
  image: z.string(),
  id: z.string(),
  project: z.string(),
  dockerfile: z.string(),
  steps: z.number(),
  contextBytes: z.number(),
});
export type ImageBuildJson = z.infer<typeof imageBuildJson>;

export const imageListJson = z.strictObject({
  ok: z.literal(true),
  images: z.array(
    z.strictObject({
      name: z.string(),
      id: z.string(),
      project: z.string(),
      sizeBytes: z.number(),
      created: z.string(),
      framework: z.string().nullable(),
      containers: z.array(z.string()),
    }),
  ),
});
export type ImageListJson = z.infer<typeof imageListJson>;

export const imageRemoveJson = z.strictObject({ ok: z.literal(true), name: z.string(), id: z.string() });
export type ImageRemoveJson = z.infer<typeof imageRemoveJson>;

export const projectLaunchJson = z.strictObject({
  ok: z.literal(true),
  project: z.string(),
  image: z.string(),
  built: z.boolean(),
  imageState: z.enum(['missing', 'stale', 'current']),
  newer: z.array(z.string()),
  container: z.enum(['deployed', 'started', 'reused']),
  hostName: z.string(),
  id: z.string(),
  folder: z.string(),
});
export type ProjectLaunchJson = z.infer<typeof projectLaunchJson>;
