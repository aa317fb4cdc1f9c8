/** vCPUs and memory: of the machine, or what a job asks for (its VCPU and MEMORY requirements). */
export interface Resources {
  vcpus: number;
  memoryMiB: number;
}

/** A job's hold on capacity; releasing it lets waiting jobs start. */
export interface Lease {
  release(): void;
}

interface Waiter {
  need: Resources;
  grant: (lease: Lease) => void;
}

/**
 * The machine as a compute environment: a job starts when its vCPUs and memory fit in what the
 * running jobs leave free. Jobs start in the order they asked (a queue, like Batch's FIFO job
 * queue: a large job at its head is not overtaken, so it never starves). A job larger than the
 * whole machine would never fit: it starts once nothing else runs, and nothing starts beside it.
 */
export class ComputeCapacity {
  private free: Resources;
  private running = 0;
  private aloneRunning = false;
  private readonly waiting: Waiter[] = [];

  constructor(readonly total: Resources) {
    this.free = { ...total };
  }

  /** Whether a job of this size can only run alone. */
  oversized(need: Resources): boolean {
    return need.vcpus > this.total.vcpus || need.memoryMiB > this.total.memoryMiB;
  }

  /** Waits for room for `need`; an abort takes the job out of the queue and rejects with the signal's reason. */
  acquire(need: Resources, signal?: AbortSignal): Promise<Lease> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(signal!.reason);
        this.startWaiting();
      };
      const waiter: Waiter = {
        need,
        grant: (lease) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(lease);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
      this.startWaiting();
    });
  }

  private startWaiting(): void {
    while (this.waiting.length > 0 && this.canStart(this.waiting[0].need)) {
      const waiter = this.waiting.shift()!;
      waiter.grant(this.take(waiter.need));
    }
  }

  private canStart(need: Resources): boolean {
    if (this.aloneRunning) return false;
    if (this.oversized(need)) return this.running === 0;
    return need.vcpus <= this.free.vcpus && need.memoryMiB <= this.free.memoryMiB;
  }

  private take(need: Resources): Lease {
    const alone = this.oversized(need);
    this.running++;
    if (alone) this.aloneRunning = true;
    else this.free = { vcpus: this.free.vcpus - need.vcpus, memoryMiB: this.free.memoryMiB - need.memoryMiB };
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        if (alone) this.aloneRunning = false;
        else this.free = { vcpus: this.free.vcpus + need.vcpus, memoryMiB: this.free.memoryMiB + need.memoryMiB };
        this.startWaiting();
      },
    };
  }
}
