package example.restaurant.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Leases and checkpoints in memory, with the same fencing as the real store. */
public final class InMemoryProjectorLeases implements ProjectorLeases {

  private record Row(String owner, long token, long position, Instant expiresAt) {}

  private final Map<String, Row> rows = new HashMap<>();

  @Override
  public synchronized Optional<Lease> tryAcquire(String projector, String owner, Instant now, Duration ttl) {
    Row row = rows.getOrDefault(projector, new Row(null, 0, 0, Instant.MIN));
    boolean ours = owner.equals(row.owner()) && row.expiresAt().isAfter(now);
    boolean free = row.owner() == null || !row.expiresAt().isAfter(now);
    if (!ours && !free) {
      return Optional.empty();
    }
    long token = ours ? row.token() : row.token() + 1;
    rows.put(projector, new Row(owner, token, row.position(), now.plus(ttl)));
    return Optional.of(new Lease(projector, owner, token, row.position()));
  }

  @Override
  public synchronized boolean checkpoint(Lease lease, long position, Instant now, Duration ttl) {
    Row row = rows.get(lease.projector());
    if (row == null || row.token() != lease.token()) {
      return false;
    }
    rows.put(lease.projector(), new Row(lease.owner(), row.token(), position, now.plus(ttl)));
    return true;
  }

  @Override
  public synchronized void release(Lease lease) {
    Row row = rows.get(lease.projector());
    if (row != null && row.token() == lease.token()) {
      rows.put(lease.projector(), new Row(null, row.token(), row.position(), Instant.MIN));
    }
  }

  @Override
  public synchronized void reset(String projector, long position) {
    Row row = rows.getOrDefault(projector, new Row(null, 0, 0, Instant.MIN));
    rows.put(projector, new Row(null, row.token() + 1, position, Instant.MIN));
  }

  @Override
  public synchronized void remove(String projector) {
    rows.remove(projector);
  }

  @Override
  public synchronized Optional<Checkpoint> checkpointOf(String projector) {
    return Optional.ofNullable(rows.get(projector)).map(row -> new Checkpoint(row.token(), row.position()));
  }

  @Override
  public synchronized List<ProjectorState> states() {
    List<ProjectorState> states = new ArrayList<>();
    rows.forEach((name, row) -> states.add(new ProjectorState(name, row.owner(), row.position(), row.expiresAt())));
    return states;
  }
}
