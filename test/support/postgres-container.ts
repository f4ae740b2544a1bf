/**
 * PostgreSQL in a container through testcontainers, for machines with a
 * container runtime (Docker, Podman). Detection is bounded: a runtime that
 * does not answer within a few seconds counts as absent, so the tests fall
 * back to a local cluster instead of hanging.
 */
const detectTimeoutMs = 5_000;

export interface ContainerDatabase {
  /** Admin URL, with the password. */
  url: string;
  stop(): Promise<void>;
}

/** True when testcontainers finds a working container runtime in time. */
export async function containerRuntimeAvailable(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), detectTimeoutMs);
  });
  try {
    return await Promise.race([getContainerRuntimeClient().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts a PostgreSQL container (pulling the image on first use). */
export async function startContainerDatabase(image = 'postgres:16-alpine'): Promise<ContainerDatabase> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(image).start();
  const url = new URL(container.getConnectionUri());
  url.pathname = '/postgres';
  return {
    url: url.toString(),
    stop: async () => {
      await container.stop();
    },
  };
}
