import type { ZodType } from "zod";
import { ConfigurationError } from "./errors.js";

/**
 * A zod schema that is built the first time it is used, not when its module is imported.
 *
 * Building zod schemas is most of what importing a package costs once zod is loaded (the first
 * ones also pay zod's own warm-up), so module-level schemas are made with this. What it returns
 * is the schema object itself, not a wrapper: until its first property read (`parse`, `_zod`,
 * `optional()`, `instanceof`, being parsed as part of another schema …) the object's prototype
 * is a trap; that read builds the schema and initialises this very object with zod's own
 * constructor and the built definition, exactly as zod's `clone()` does. From then on it is an
 * ordinary zod instance of the same class, with the same identity and type.
 *
 * For connector authors: make every module-level schema of a provider package with it, so that
 * importing the package stays cheap. Before the first use, looking at the object without reading
 * a property (`Object.keys`, `util.inspect`) shows the placeholder, and `Object.freeze` on it
 * would keep it from ever being built: use the schema before doing either.
 *
 * Marked free of side effects so that bundlers drop the schemas an app never uses.
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<T extends ZodType>(build: () => T): T {
  let state: "pending" | "building" | "ready" = "pending";
  const trap = new Proxy(Object.create(null) as object, {
    get: (_target, key, receiver) => Reflect.get(materialize(), key, receiver),
    has: (_target, key) => key in materialize(),
    set: (_target, key, value, receiver) => Reflect.set(materialize(), key, value, receiver),
  });
  const self = Object.create(trap) as object;
  function materialize(): object {
    if (state === "ready") return self;
    if (state === "building") {
      throw new ConfigurationError("A schema was used while it was being built (it refers to itself).", {
        fix: "Refer to the schema inside z.lazy(() => …) where it is recursive.",
      });
    }
    state = "building";
    try {
      const built = build() as unknown as { _zod: { def: unknown; constr: new (def: unknown) => object } };
      // What follows is zod's clone() (core/util.ts `clone`), with this object as the new instance.
      const constr = built._zod.constr;
      Object.setPrototypeOf(self, constr.prototype as object);
      // zod's constructors initialise `this` when called without `new`; one that makes its own
      // instance instead (a future zod) gets that instance's own properties copied.
      const made = (constr as unknown as (this: object, def: unknown) => object).call(self, built._zod.def);
      if (made !== self) {
        Object.setPrototypeOf(self, Object.getPrototypeOf(made) as object);
        Object.defineProperties(self, Object.getOwnPropertyDescriptors(made));
      }
      // As clone() does: metadata given to the built schema (`.describe()`, `.meta()`) is inherited.
      (self as { _zod: { parent?: unknown } })._zod.parent = built;
      state = "ready";
    } catch (error) {
      state = "pending";
      Object.setPrototypeOf(self, trap);
      throw error;
    }
    return self;
  }
  return self as T;
}
