import { InvalidInputError, describeReceived, type ConnectorDescriptor } from "@toolweave/core";

const FIX = "Pass connector descriptors such as [circleciConnector, circonusConnector], as exported by the connector packages.";

function isDescriptor(value: unknown): value is ConnectorDescriptor<any, any> {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string" && Array.isArray((value as { env?: unknown }).env);
}

/** Checks one descriptor argument (a JavaScript caller can pass anything); the error names the method. */
export function checkDescriptor(value: unknown, method: string, name = "descriptor"): ConnectorDescriptor<any, any> {
  if (isDescriptor(value)) return value;
  throw new InvalidInputError(`secrets-env ${method}: ${name} is not a connector descriptor (got ${describeReceived(value)}).`, { fix: FIX });
}

/** Checks the descriptors argument of `resolve` / `describe` is an array of descriptors. */
export function checkDescriptors(value: unknown, method: string): readonly ConnectorDescriptor<any, any>[] {
  if (!Array.isArray(value)) {
    throw new InvalidInputError(`secrets-env ${method}: descriptors must be an array of connector descriptors (got ${describeReceived(value)}).`, { fix: FIX });
  }
  return value.map((descriptor, i) => checkDescriptor(descriptor, method, `descriptors[${i}]`));
}
