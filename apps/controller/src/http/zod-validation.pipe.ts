import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';

/** One field-level problem of a rejected request. */
export interface RequestIssue {
  path: string;
  message: string;
}

/** Parses a request part (query, body, param) with a zod schema; answers 400 with every issue. */
export class ZodValidationPipe<Schema extends z.core.$ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(private readonly schema: Schema) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<Schema> {
    const result = z.safeParse(this.schema, value);
    if (result.success) return result.data;
    // A pipe on one parameter (`@Param('id', pipe)`) sees a bare value: name the field for it.
    const prefix = metadata.data === undefined ? [] : [metadata.data];
    const issues: RequestIssue[] = result.error.issues.map((issue) => ({
      path: [...prefix, ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    throw new BadRequestException({ error: 'invalid-request', issues });
  }
}
