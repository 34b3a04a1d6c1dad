package example.restaurant.application.projection;

import example.restaurant.application.port.DeadLetters;
import example.restaurant.application.port.DeadLetters.ParkedEvent;
import example.restaurant.application.port.EventLog;
import example.restaurant.application.port.LoggedEvent;
import example.restaurant.application.port.ProjectorLeases;
import example.restaurant.application.port.ProjectorLeases.Checkpoint;
import example.restaurant.application.port.ProjectorLeases.Lease;
import example.restaurant.application.port.ViewStore;
import example.restaurant.application.port.ViewStore.Positioned;
import example.restaurant.application.port.ViewStore.ViewUpdate;
import example.restaurant.application.publicevent.PublicEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one projection over the global log: under a lease, it reads a batch after its checkpoint, folds it into the
 * affected views (skipping events a view already reflects), saves them in bulk and then the checkpoint. A crash
 * anywhere repeats at most one batch, which changes nothing. An event the projection cannot apply is retried a few
 * times, then parked with its error, and the projector goes on.
 */
public final class Projector<K, V> {

  private static final Logger LOG = Logger.getLogger(Projector.class.getName());

  public record Settings(int batchSize, int attemptsPerEvent, Duration retryBackoff, Duration leaseTime) {
    public static Settings defaults() {
      return new Settings(500, 3, Duration.ofMillis(20), Duration.ofSeconds(10));
    }
  }

  private final String checkpointName;
  private final Projection<K, V> projection;
  private final ViewStore<K, V> views;
  private final EventLog log;
  private final ProjectorLeases leases;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final String owner;
  private final Settings settings;
  private volatile long position;
  private Lease lease;
  private Instant renewAt = Instant.MIN;
  /**
   * The term and position of the last checkpoint this instance saved or took over; null when it does not hold the
   * lease (so it also says whether this instance is the owner).
   */
  private volatile Checkpoint owned;

  public Projector(
      String checkpointName,
      Projection<K, V> projection,
      ViewStore<K, V> views,
      EventLog log,
      ProjectorLeases leases,
      DeadLetters deadLetters,
      Clock clock,
      String owner,
      Settings settings) {
    this.checkpointName = checkpointName;
    this.projection = projection;
    this.views = views;
    this.log = log;
    this.leases = leases;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.owner = owner;
    this.settings = settings;
  }

  public String name() {
    return checkpointName;
  }

  public Projection<K, V> projection() {
    return projection;
  }

  public ViewStore<K, V> views() {
    return views;
  }

  /** The last checkpoint this instance saw, as owner or not. */
  public long position() {
    return position;
  }

  /** Whether this instance held the lease at its last step. */
  public boolean active() {
    return owned != null;
  }

  /**
   * One batch, if this instance holds (or can take) the lease.
   *
   * @return the number of log entries consumed; 0 when there was nothing to do or another instance is the owner
   */
  public int step() {
    Instant now = clock.instant();
    if (lease == null || !now.isBefore(renewAt)) {
      // the lease is taken or renewed only every third of its time, not at every step: an idle projector writes
      // nothing, and a busy one renews it with each checkpoint anyway
      Optional<Lease> acquired = leases.tryAcquire(checkpointName, owner, now, settings.leaseTime());
      if (acquired.isEmpty()) {
        lease = null;
        owned = null;
        leases.states().stream()
            .filter(s -> s.projector().equals(checkpointName))
            .findFirst()
            .ifPresent(s -> position = s.position());
        return 0;
      }
      lease = acquired.get();
      renewAt = now.plus(settings.leaseTime().dividedBy(3));
      position = lease.position();
      owned = new Checkpoint(lease.token(), position);
    }
    List<LoggedEvent> batch = log.readAfter(position, settings.batchSize());
    if (batch.isEmpty()) {
      return 0;
    }
    apply(batch);
    long last = batch.getLast().position();
    if (!leases.checkpoint(lease, last, clock.instant(), settings.leaseTime())) {
      // another instance took over (or a rebuild handed the read model over): start again from its checkpoint
      forget();
      return 0;
    }
    renewAt = now.plus(settings.leaseTime().dividedBy(3));
    position = last;
    owned = new Checkpoint(lease.token(), last);
    return batch.size();
  }

  /**
   * The checkpoint as this instance last saved it, while it owns the read model: the same as the stored one, without
   * reading it. Empty when another instance (or nobody) owns it.
   */
  public Optional<Checkpoint> ownedCheckpoint() {
    return Optional.ofNullable(owned);
  }

  /** Drops the lease it holds in memory (the stored term was replaced): the next step takes the current one. */
  void forget() {
    lease = null;
    owned = null;
  }

  /** Gives the lease up, e.g. on shutdown, so another instance takes over without waiting for it to expire. */
  public void release() {
    forget();
    leases.tryAcquire(checkpointName, owner, clock.instant(), settings.leaseTime()).ifPresent(leases::release);
  }

  /**
   * Applies a parked event again (once the cause is fixed) on top of the current views, and removes it from the
   * dead letters when that succeeds.
   */
  public void replayParked(long parkedPosition) {
    LoggedEvent event = log.readAfter(parkedPosition - 1, 1).stream()
        .filter(e -> e.position() == parkedPosition)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no event at position " + parkedPosition));
    if (event.unreadable()) {
      throw new IllegalStateException("event " + parkedPosition + " still cannot be read: " + event.problem());
    }
    Optional<PublicEvent> known = event.known();
    if (known.isPresent()) {
      Optional<K> key = projection.keyOf(known.get());
      if (key.isPresent()) {
        Positioned<V> current = views.load(List.of(key.get())).get(key.get());
        V view = projection.apply(key.get(), current == null ? null : current.view(), known.get());
        long at = current == null ? parkedPosition : Math.max(current.position(), parkedPosition);
        views.save(List.of(new ViewUpdate<>(key.get(), view, at)));
      }
    }
    deadLetters.remove(checkpointName, parkedPosition);
  }

  private void apply(List<LoggedEvent> batch) {
    Map<LoggedEvent, K> keys = new HashMap<>();
    Set<K> touched = new LinkedHashSet<>();
    List<LoggedEvent> applicable = new ArrayList<>();
    for (LoggedEvent event : batch) {
      if (event.unreadable()) {
        park(event, event.problem());
        continue;
      }
      Optional<PublicEvent> known = event.known();
      if (known.isEmpty()) {
        continue; // a type this version does not know: tolerated, skipped
      }
      Optional<K> key = attempt(event, () -> projection.keyOf(known.get()));
      if (key != null && key.isPresent()) {
        keys.put(event, key.get());
        touched.add(key.get());
        applicable.add(event);
      }
    }
    if (applicable.isEmpty()) {
      return;
    }
    Map<K, Positioned<V>> current = new HashMap<>(views.load(touched));
    Map<K, Positioned<V>> changed = new HashMap<>();
    for (LoggedEvent event : applicable) {
      K key = keys.get(event);
      Positioned<V> before = current.get(key);
      if (before != null && before.position() >= event.position()) {
        continue; // this view already reflects the event: a batch repeated after a crash
      }
      V view = attempt(event, () -> projection.apply(key, before == null ? null : before.view(), event.event()));
      if (view != null) {
        Positioned<V> after = new Positioned<>(view, event.position());
        current.put(key, after);
        changed.put(key, after);
      }
    }
    List<ViewUpdate<K, V>> updates = new ArrayList<>(changed.size());
    changed.forEach((key, view) -> updates.add(new ViewUpdate<>(key, view.view(), view.position())));
    views.save(updates);
  }

  /** Runs the pure part for one event with bounded retries; null (and the event parked) when it keeps failing. */
  private <T> T attempt(LoggedEvent event, java.util.function.Supplier<T> work) {
    RuntimeException last = null;
    for (int i = 1; i <= settings.attemptsPerEvent(); i++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        last = e;
        sleep(settings.retryBackoff().multipliedBy(i));
      }
    }
    LOG.log(Level.WARNING, "parking event " + event.position() + " (" + event.type() + ") of " + checkpointName, last);
    park(event, describe(last));
    return null;
  }

  private void park(LoggedEvent event, String error) {
    deadLetters.park(new ParkedEvent(checkpointName, event.position(), event.type(), error, clock.instant()));
  }

  private static String describe(RuntimeException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static void sleep(Duration duration) {
    try {
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
