package example.restaurant.application.table;

import example.restaurant.domain.table.ReservationId;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the commands of one reservation inside this process, so that concurrent requests queue up instead of
 * racing to the store and retrying. Other processes are still held off by the store's optimistic concurrency.
 * Striped: a fixed number of locks, so memory does not grow with the number of reservations.
 */
final class StreamLocks {

  private final ReentrantLock[] stripes;

  StreamLocks(int stripes) {
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  ReentrantLock of(ReservationId id) {
    return stripes[Math.floorMod(id.value().hashCode(), stripes.length)];
  }
}
