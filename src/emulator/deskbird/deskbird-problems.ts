/**
 * deskbird's error answers. Not published: they are written as a NestJS
 * application answers by default (`{statusCode, message, error}`), a guess
 * listed in README.md.
 */

/** An error answer a handler gives; not a bug in the emulator. */
export class DeskbirdProblem extends Error {
  constructor(
    readonly status: number,
    private readonly detail: string | string[],
    /** The status's reason phrase, left out of the body where NestJS leaves it out. */
    private readonly reason?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(Array.isArray(detail) ? detail.join('; ') : detail);
    this.name = 'DeskbirdProblem';
  }

  body(): { statusCode: number; message: string | string[]; error?: string } {
    return this.reason === undefined ? { statusCode: this.status, message: this.detail } : { statusCode: this.status, message: this.detail, error: this.reason };
  }
}

export const deskbirdProblems = {
  badRequest: (messages: string[]) => new DeskbirdProblem(400, messages, 'Bad Request'),
  unauthorized: () => new DeskbirdProblem(401, 'Unauthorized'),
  forbidden: () => new DeskbirdProblem(403, 'Forbidden resource', 'Forbidden'),
  noRoute: (method: string, path: string) => new DeskbirdProblem(404, `Cannot ${method} ${path}`, 'Not Found'),
  notFound: (what: string, id: string) => new DeskbirdProblem(404, `${what} ${id} not found`, 'Not Found'),
  tooManyRequests: (headers: Record<string, string>) => new DeskbirdProblem(429, 'ThrottlerException: Too Many Requests', undefined, headers),
  internal: () => new DeskbirdProblem(500, 'Internal server error'),
} as const;
