/** The example refuses its configuration; the message names what to set. */
export class ExampleConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExampleConfigError';
  }
}
