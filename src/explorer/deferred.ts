/** A promise with its resolve and reject, settled once; its rejection never goes unhandled. */
export class Deferred {
  resolve!: () => void;
  reject!: (e: unknown) => void;
  readonly promise = new Promise<void>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });

  constructor() {
    this.promise.catch(() => undefined);
  }
}
