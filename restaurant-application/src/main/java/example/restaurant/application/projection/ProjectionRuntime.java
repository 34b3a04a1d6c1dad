package example.restaurant.application.projection;

import example.restaurant.application.port.DeadLetters;
import example.restaurant.application.port.EventLog;
import example.restaurant.application.port.ProjectorLeases;
import example.restaurant.application.port.ViewStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every projector of this instance running: each in its own loop that steps while there is work, then waits
 * for a wake-up (after a local append) or the poll interval (appends of other instances). Also answers how far the
 * read models are, and rebuilds one from the whole history while the old one keeps serving.
 */
public final class ProjectionRuntime implements Checkpoints, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ProjectionRuntime.class.getName());

  /** What the operations endpoint shows per read model. */
  public record Status(String name, long position, long lag, boolean active, int parked, String state) {}

  /** Log entries kept in memory for the projectors to share: about 10 MB, ahead of the slowest of four rebuilds. */
  static final int SHARED_LOG_ENTRIES = 10_000;
  /** Views a rebuild folds in memory before writing them out: bounds its memory to a few MB per read model. */
  static final int REBUILD_VIEWS_HELD = 10_000;
  static final int REBUILD_BATCH = 2_000;

  private final Map<String, Projector<?, ?>> projectors = new LinkedHashMap<>();
  private final Map<String, ReentrantLock> loopLocks = new LinkedHashMap<>();
  private final SharedEventLog log;
  private final ProjectorLeases leases;
  private final DeadLetters deadLetters;
  private final ViewStores stores;
  private final Clock clock;
  private final String owner;
  private final Projector.Settings settings;
  private final Duration pollInterval;
  private final ReentrantLock signalLock = new ReentrantLock();
  private final Condition signal = signalLock.newCondition();
  private final Condition progress = signalLock.newCondition();
  private final List<Thread> loops = new ArrayList<>();
  private final Map<String, Instant> failingSince = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile long wakeups;
  private volatile long steps;
  private volatile boolean running;

  public ProjectionRuntime(
      List<Projection<?, ?>> projections,
      EventLog log,
      ProjectorLeases leases,
      DeadLetters deadLetters,
      ViewStores stores,
      Clock clock,
      String owner,
      Projector.Settings settings,
      Duration pollInterval) {
    this.log = new SharedEventLog(log, SHARED_LOG_ENTRIES);
    this.leases = leases;
    this.deadLetters = deadLetters;
    this.stores = stores;
    this.clock = clock;
    this.owner = owner;
    this.settings = settings;
    this.pollInterval = pollInterval;
    for (Projection<?, ?> projection : projections) {
      projectors.put(projection.name(), live(projection));
      loopLocks.put(projection.name(), new ReentrantLock());
    }
  }

  private <K, V> Projector<K, V> live(Projection<K, V> projection) {
    return new Projector<>(
        projection.name(), projection, stores.active(projection), log, leases, deadLetters, clock, owner, settings);
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (String name : projectors.keySet()) {
      Thread loop = Thread.ofPlatform().daemon().name("projector-" + name).start(() -> loop(name));
      loops.add(loop);
    }
  }

  /** Something was appended here: look at the log now instead of at the next poll. */
  public void wake() {
    log.advance();
    signalLock.lock();
    try {
      wakeups++;
      signal.signalAll();
    } finally {
      signalLock.unlock();
    }
  }

  private void loop(String name) {
    Projector<?, ?> projector = projectors.get(name);
    ReentrantLock loopLock = loopLocks.get(name);
    while (running) {
      long seen = wakeups;
      int consumed;
      loopLock.lock();
      try {
        consumed = projector.step();
        failingSince.remove(name);
      } catch (RuntimeException e) {
        // the database is away or answered oddly: nothing was checkpointed, so the batch is simply tried again
        failingSince.putIfAbsent(name, clock.instant());
        LOG.log(Level.WARNING, "projector " + name + " failed a step; retrying", e);
        consumed = 0;
      } finally {
        loopLock.unlock();
      }
      signalLock.lock();
      try {
        steps++;
        progress.signalAll();
        if (consumed == 0 && running && seen == wakeups
            && !signal.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
          log.advance(); // a poll: another instance may have appended, so earlier answers about the end are stale
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        signalLock.unlock();
      }
    }
  }

  /**
   * Waits until every read model has applied the log up to {@code position}, at most {@code timeout}.
   *
   * @return whether they all got there in time
   */
  public boolean awaitPosition(long position, Duration timeout) {
    return awaitPosition(projectors.keySet(), position, timeout);
  }

  /** Waits until the named read models have applied the log up to {@code position}, at most {@code timeout}. */
  public boolean awaitPosition(java.util.Collection<String> names, long position, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean nudge = true;
    try {
      while (true) {
        long stepsSeen = steps;
        // read outside the lock: the projector loops take it after every step
        if (minimumPosition(names) >= position) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        signalLock.lock();
        try {
          if (nudge) {
            // for another instance's appends, which only a fresh read finds; once, and again only after a poll
            // interval without progress, so that waiters do not keep the projectors reading
            log.advance();
            signal.signalAll();
          }
          nudge = steps == stepsSeen
              && !progress.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(pollInterval.toMillis())),
                  TimeUnit.NANOSECONDS);
        } finally {
          signalLock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The lowest position of these read models: from memory for the projectors that run here (a projector's position
   * moves only after its checkpoint is saved), from the stored checkpoints for the others.
   */
  private long minimumPosition(java.util.Collection<String> names) {
    long minimum = Long.MAX_VALUE;
    Map<String, Long> stored = null;
    for (String name : names) {
      Projector<?, ?> projector = projectors.get(name);
      java.util.Optional<ProjectorLeases.Checkpoint> owned =
          projector == null ? java.util.Optional.empty() : projector.ownedCheckpoint();
      long at;
      if (owned.isPresent()) {
        at = owned.get().position();
      } else {
        if (stored == null) {
          stored = checkpoints();
        }
        at = stored.getOrDefault(name, 0L);
      }
      minimum = Math.min(minimum, at);
    }
    return minimum;
  }

  private Map<String, Long> checkpoints() {
    Map<String, Long> positions = new java.util.HashMap<>();
    leases.states().forEach(s -> positions.put(s.projector(), s.position()));
    return positions;
  }

  public List<Status> statuses() {
    long head = log.head();
    Map<String, Long> positions = checkpoints();
    List<Status> statuses = new ArrayList<>();
    projectors.forEach((name, projector) -> {
      long position = positions.getOrDefault(name, 0L);
      int parked = deadLetters.list(name).size();
      String state = failingSince.containsKey(name) ? "FAILING" : parked > 0 ? "DEGRADED" : "RUNNING";
      statuses.add(new Status(name, position, Math.max(0, head - position), projector.active(), parked, state));
    });
    return statuses;
  }

  /**
   * A read model's checkpoint: from memory when this instance runs its projector (the position it last saved, under
   * the term it holds), so that a query answered from kept answers reads nothing; else from the store.
   */
  @Override
  public java.util.Optional<ProjectorLeases.Checkpoint> checkpointOf(String name) {
    Projector<?, ?> projector = projectors.get(name);
    java.util.Optional<ProjectorLeases.Checkpoint> owned =
        projector == null ? java.util.Optional.empty() : projector.ownedCheckpoint();
    return owned.isPresent() ? owned : leases.checkpointOf(name);
  }

  public boolean knows(String name) {
    return projectors.containsKey(name);
  }

  public Projector<?, ?> projector(String name) {
    return projectors.get(name);
  }

  /**
   * Applies a parked event again (see {@link Projector#replayParked(long)}) while this instance's projector of that
   * read model is not stepping, so that neither overwrites the other's view. The views changed without the
   * checkpoint moving, so the checkpoint then starts a new term at the same position: every instance's kept query
   * answers are keyed by it, and the owner goes on from there (a batch it had under way is applied again, which
   * changes nothing).
   */
  public void replayParked(String name, long position) {
    Projector<?, ?> projector = projectors.get(name);
    ReentrantLock loopLock = loopLocks.get(name);
    loopLock.lock();
    try {
      projector.replayParked(position);
      leases.checkpointOf(name).ifPresent(checkpoint -> leases.reset(name, checkpoint.position()));
      projector.forget(); // its term was just replaced: what it remembers of it no longer holds
    } finally {
      loopLock.unlock();
    }
    wake();
  }

  /** Builds the read model afresh from position 0 into a new generation, then swaps it in. Blocks until done. */
  public void rebuild(String name) {
    rebuild(projectors.get(name).projection());
  }

  private <K, V> void rebuild(Projection<K, V> projection) {
    String rebuildName = projection.name() + "#rebuild";
    ViewStore<K, V> generation = stores.newGeneration(projection);
    WriteBehindViews<K, V> views = new WriteBehindViews<>(generation, REBUILD_VIEWS_HELD);
    leases.reset(rebuildName, 0);
    // larger batches than the live projector's: each batch ends with a durable checkpoint write
    Projector.Settings rebuilding = new Projector.Settings(Math.max(settings.batchSize(), REBUILD_BATCH),
        settings.attemptsPerEvent(), settings.retryBackoff(), settings.leaseTime());
    Projector<K, V> builder =
        new Projector<>(rebuildName, projection, views, log, leases, deadLetters, clock, owner, rebuilding);
    while (builder.step() > 0) {
      // the old generation keeps serving meanwhile
    }
    views.flush();
    ReentrantLock loopLock = loopLocks.get(projection.name());
    loopLock.lock();
    try {
      while (builder.step() > 0) {
        // the last few events that came in meanwhile
      }
      views.flush();
      stores.activate(projection, generation);
      leases.reset(projection.name(), builder.position());
      projectors.get(projection.name()).forget(); // its term was just replaced
    } finally {
      loopLock.unlock();
      leases.remove(rebuildName);
    }
    wake();
  }

  @Override
  public void close() {
    running = false;
    wake();
    for (Thread loop : loops) {
      try {
        loop.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    projectors.values().forEach(p -> {
      try {
        p.release();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "could not release the lease of " + p.name(), e);
      }
    });
  }
}
