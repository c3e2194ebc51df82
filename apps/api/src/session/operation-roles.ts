import { Injectable } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';

// Each operation of the OpenAPI document with the roles it allows (its `x-roles`), taken from the document once it
// is built, so what GET /v1/me says a caller may do is what the document and the guard say.
@Injectable()
export class OperationRoles {
  private readonly byOperation = new Map<string, readonly string[]>();

  load(document: { paths: Record<string, Record<string, { operationId?: unknown; 'x-roles'?: unknown }>> }): void {
    this.byOperation.clear();
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        const roles = operation['x-roles'];
        if (typeof operation.operationId === 'string' && Array.isArray(roles) && roles.length > 0) this.byOperation.set(operation.operationId, roles as string[]);
      }
    }
  }

  allowedTo(roles: readonly Role[]): string[] {
    const allowed: string[] = [];
    for (const [operation, needs] of this.byOperation) if (needs.some((role) => (roles as readonly string[]).includes(role))) allowed.push(operation);
    return allowed.sort();
  }
}
