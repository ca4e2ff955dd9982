// Errors the store throws for ids that cannot be used. They carry the id (and the expiry) as fields
// so callers can turn them into tool-result errors without parsing the message.

export class ContainerNotFoundError extends Error {
  override readonly name = "ContainerNotFoundError";
  readonly containerId: string;

  constructor(id: string) {
    super(
      `Unknown container id "${id}": no container with this id exists in this browser's store ` +
        `(it was never created here, or it was deleted or purged). ` +
        `Call listContainers() to see the containers that can be reopened, or create a new container.`,
    );
    this.containerId = id;
  }
}

export class ContainerExpiredError extends Error {
  override readonly name = "ContainerExpiredError";
  readonly containerId: string;
  readonly expiresAt: string;

  constructor(id: string, expiresAt: string) {
    super(
      `Container "${id}" expired at ${expiresAt} (containers last 30 days after creation) ` +
        `and can no longer be reopened. Create a new container instead.`,
    );
    this.containerId = id;
    this.expiresAt = expiresAt;
  }
}
