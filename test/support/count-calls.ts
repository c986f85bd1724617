/** Counts the calls of `object[method]` (an instance's, or a prototype's for every instance) until `restore`. */
export function countCalls<T extends object>(object: T, method: keyof T & string): { count: () => number; restore: () => void } {
  const original = object[method] as (...args: unknown[]) => unknown;
  let calls = 0;
  Object.assign(object, {
    [method](this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    },
  });
  return { count: () => calls, restore: () => Object.assign(object, { [method]: original }) };
}
