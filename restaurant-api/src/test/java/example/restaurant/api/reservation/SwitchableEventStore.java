package example.restaurant.api.reservation;

import example.restaurant.application.port.AppendResult;
import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.EventStream;
import example.restaurant.application.port.InMemoryEventStore;
import example.restaurant.application.port.NewCommit;
import example.restaurant.domain.table.ReservationId;
import java.util.Optional;

/** The in-memory store, which a test can make fail the way a broken database would. */
final class SwitchableEventStore implements EventStore {

  private final InMemoryEventStore delegate = new InMemoryEventStore();
  private volatile RuntimeException failure;

  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  void heal() {
    this.failure = null;
  }

  @Override
  public EventStream load(ReservationId streamId) {
    failIfAsked();
    return delegate.load(streamId);
  }

  @Override
  public AppendResult append(NewCommit commit) {
    failIfAsked();
    return delegate.append(commit);
  }

  @Override
  public Optional<AppendResult> findCommit(ReservationId streamId, String commandId) {
    failIfAsked();
    return delegate.findCommit(streamId, commandId);
  }

  private void failIfAsked() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
  }
}
