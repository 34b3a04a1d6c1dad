package example.restaurant.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who runs each projector and how far it got. A lease expires unless renewed; each acquisition gets a larger fencing
 * token, and a checkpoint is only written under the current token, so a paused former owner cannot overwrite its
 * successor's progress.
 */
public interface ProjectorLeases {

  record Lease(String projector, String owner, long token, long position) {}

  record ProjectorState(String projector, String owner, long position, Instant expiresAt) {}

  /**
   * How far a read model is: its position and the token of the term that wrote it. A takeover, a rebuild's hand-over
   * and a reset each start a new term, so the pair changes whenever the read model's views may have changed.
   */
  record Checkpoint(long token, long position) {}

  /** Takes (or renews) the lease if it is free, expired or already ours; empty when another owner holds it. */
  Optional<Lease> tryAcquire(String projector, String owner, Instant now, Duration ttl);

  /**
   * Saves the position and extends the lease; false (and nothing written) when the lease has passed to another
   * owner since.
   */
  boolean checkpoint(Lease lease, long position, Instant now, Duration ttl);

  /** Gives the lease up so that another owner can take over at once. */
  void release(Lease lease);

  /**
   * Moves the checkpoint to {@code position} under a new token, fencing out the current owner: used to start a
   * rebuild from 0 and to hand a rebuilt read model to the live projector.
   */
  void reset(String projector, long position);

  /** Forgets a projector (a finished rebuild). */
  void remove(String projector);

  List<ProjectorState> states();

  /** The checkpoint of one read model, by point lookups; empty when it has none yet. */
  Optional<Checkpoint> checkpointOf(String projector);
}
