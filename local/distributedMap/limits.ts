/**
 * TimeoutSeconds for every Task the local engine runs. The interpreter gives a Task without one a
 * 60-second limit, which a Batch step or a whole Distributed Map would pass; and it arms the limit
 * with Node's setTimeout, which holds at most 2^31-1 ms (about 24.8 days) and fires at once for a
 * longer delay. This is the largest whole number of seconds under that cap, which no local run reaches.
 */
export const LOCAL_TASK_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

