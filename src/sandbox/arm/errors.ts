/** ARM's error shape, `{ error: { code, message, target?, details? } }`, raised by handlers and written by the router. */
export interface ArmErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ArmErrorDetail[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }

  toBody(): { error: { code: string; message: string; details?: readonly ArmErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** APIM's 404 for an entity inside a service: `{ code: "ResourceNotFound", message: "Api not found." }`. */
export const entityNotFound = (label: string): ArmError => new ArmError(404, 'ResourceNotFound', `${label} not found.`);

/** ARM's 404 for a top-level resource that does not exist. */
export const resourceNotFound = (type: string, name: string, resourceGroup: string): ArmError =>
  new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );

/** APIM's 400 for an invalid body: one summary plus a detail per field. */
export const validationError = (target: string, message: string): ArmError =>
  new ArmError(400, 'ValidationError', 'One or more fields contain incorrect values:', [{ code: 'ValidationError', target, message }]);
