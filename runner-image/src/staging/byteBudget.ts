/**
 * A budget of bytes shared by concurrent holders: a request waits, in turn, until its bytes fit
 * beside what is held. One larger than the whole budget waits until nothing is held, then runs alone.
 */
export class ByteBudget {
  private used = 0;
  private readonly waiting: Array<{ bytes: number; start: () => void }> = [];

  constructor(private readonly limit: number) {}

  async use<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    const take = Math.min(bytes, this.limit);
    if (this.waiting.length === 0 && this.used + take <= this.limit) this.used += take;
    else await new Promise<void>((start) => this.waiting.push({ bytes: take, start }));
    try {
      return await fn();
    } finally {
      this.used -= take;
      this.startWaiting();
    }
  }

  private startWaiting(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0].bytes <= this.limit) {
      const next = this.waiting.shift()!;
      this.used += next.bytes;
      next.start();
    }
  }
}
