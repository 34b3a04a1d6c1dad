package example.restaurant.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds; percentiles by the nearest-rank method. */
final class Stats {

  private long[] samples = new long[1024];
  private int size;
  private long errors;

  synchronized void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  synchronized void error() {
    errors++;
  }

  synchronized int count() {
    return size;
  }

  synchronized long errors() {
    return errors;
  }

  /** The p-th percentile in milliseconds, NaN without samples. */
  synchronized double ms(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }

  synchronized double maxMs() {
    return ms(100);
  }

  @Override
  public synchronized String toString() {
    return String.format("n=%d p50=%.2fms p99=%.2fms max=%.2fms errors=%d", size, ms(50), ms(99), maxMs(), errors);
  }
}
