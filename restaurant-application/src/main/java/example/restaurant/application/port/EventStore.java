package example.restaurant.application.port;

import example.restaurant.domain.table.ReservationId;
import java.util.Optional;

/**
 * The only source of truth: one append-only stream of events per reservation.
 *
 * <p>Contract (checked by {@code EventStoreContract} for every implementation):
 *
 * <ul>
 *   <li>{@link #load} returns the stream's events in version order, versions 1, 2, 3, … without gaps; an unknown
 *       stream loads as empty, never null. Its cost depends on the size of that stream only, not on the number of
 *       events in the store.
 *   <li>{@link #append} writes all events of a commit or none of them, and only if the stream is still at
 *       {@code expectedVersion}: of several appends at the same expected version exactly one succeeds and the others
 *       throw {@link ConcurrentAppendException}.
 *   <li>A commit whose command id is already stored writes nothing and returns the first commit's result with
 *       {@code duplicate = true}, whatever its expected version.
 *   <li>When {@link #append} returns, the commit is durable: it survives a crash of the process and of the server.
 * </ul>
 */
public interface EventStore {

  EventStream load(ReservationId streamId);

  /**
   * @throws ConcurrentAppendException when the stream is no longer at {@code commit.expectedVersion()}
   */
  AppendResult append(NewCommit commit);

  /**
   * The same as {@link #append(NewCommit)}, for a caller that has just loaded the stream the commit was decided on:
   * a store may use {@code basis} instead of reading the stream again. {@code basis} must be what {@link #load}
   * returned, unchanged; the concurrency guarantees are the same.
   */
  default AppendResult append(NewCommit commit, EventStream basis) {
    return append(commit);
  }

  /** The commit that a command id recorded in this stream, if any: a point lookup. */
  Optional<AppendResult> findCommit(ReservationId streamId, String commandId);
}
