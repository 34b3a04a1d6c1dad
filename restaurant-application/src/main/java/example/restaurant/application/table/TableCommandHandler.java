package example.restaurant.application.table;

import example.restaurant.application.port.AppendResult;
import example.restaurant.application.port.ConcurrentAppendException;
import example.restaurant.application.port.EventMetadata;
import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.EventStream;
import example.restaurant.application.port.NewCommit;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.Table;
import example.restaurant.domain.table.TableCommand;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableRuleViolation.ReservationNotFound;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a command against one reservation: load the stream, replay it, let the aggregate decide, append with the
 * expected version. When another writer appended first, the command is decided again on the fresh state (a bounded
 * number of times, with jitter), unless the client pinned the version with If-Match.
 */
public final class TableCommandHandler {

  private static final int DEFAULT_ATTEMPTS = 20;

  private final EventStore eventStore;
  private final StreamLocks locks = new StreamLocks(1024);
  private final int maxAttempts;
  private final LongAdder appendConflicts = new LongAdder();
  private final Runnable afterAppend;

  public TableCommandHandler(EventStore eventStore) {
    this(eventStore, DEFAULT_ATTEMPTS, () -> {});
  }

  public TableCommandHandler(EventStore eventStore, int maxAttempts) {
    this(eventStore, maxAttempts, () -> {});
  }

  /**
   * @param afterAppend told after every successful append, e.g. to let the read side look at the log at once
   *     instead of at its next poll
   */
  public TableCommandHandler(EventStore eventStore, int maxAttempts, Runnable afterAppend) {
    this.eventStore = eventStore;
    this.maxAttempts = maxAttempts;
    this.afterAppend = afterAppend;
  }

  /**
   * @throws example.restaurant.domain.table.TableRuleViolation when the command breaks a rule
   * @throws VersionMismatchException when {@code context.expectedVersion()} is not the stream's version
   * @throws ContentionException when every attempt lost the race to another writer
   */
  public CommandOutcome handle(ReservationId id, TableCommand command, CommandContext context) {
    ReentrantLock lock = locks.of(id);
    lock.lock();
    try {
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        Optional<CommandOutcome> outcome = attempt(id, command, context);
        if (outcome.isPresent()) {
          return outcome.get();
        }
        appendConflicts.increment();
        backOff(attempt);
      }
      throw new ContentionException(maxAttempts);
    } finally {
      lock.unlock();
    }
  }

  /** How many appends lost a race and were decided again (or refused, with If-Match). */
  public long appendConflicts() {
    return appendConflicts.sum();
  }

  private Optional<CommandOutcome> attempt(ReservationId id, TableCommand command, CommandContext context) {
    if (context.repeatable()) {
      Optional<AppendResult> earlier = eventStore.findCommit(id, context.commandId());
      if (earlier.isPresent()) {
        return Optional.of(alreadyRecorded(id, earlier.get()));
      }
    }
    EventStream stream = eventStore.load(id);
    Table table = Table.replay(stream.events().stream().map(RecordedEvent::event).toList());
    if (!table.exists() && !(command instanceof TableCommand.ReserveTable)) {
      throw new ReservationNotFound();
    }
    if (context.expectedVersion().isPresent() && context.expectedVersion().getAsLong() != stream.version()) {
      throw new VersionMismatchException(context.expectedVersion().getAsLong(), stream.version());
    }
    List<TableEvent> events = table.decide(command);
    if (events.isEmpty()) {
      return Optional.of(new CommandOutcome(id, stream.version(), table, false));
    }
    NewCommit commit =
        new NewCommit(
            id,
            stream.version(),
            occurredAt(command, stream),
            new EventMetadata(context.commandId(), context.correlationId(), context.causationId()),
            events);
    try {
      AppendResult result = eventStore.append(commit, stream);
      afterAppend.run();
      if (result.duplicate()) {
        return Optional.of(alreadyRecorded(id, result));
      }
      Table after = table;
      for (TableEvent event : events) {
        after = after.evolve(event);
      }
      return Optional.of(new CommandOutcome(id, result.lastVersion(), after, true));
    } catch (ConcurrentAppendException lostRace) {
      if (context.expectedVersion().isPresent()) {
        throw new VersionMismatchException(context.expectedVersion().getAsLong(), eventStore.load(id).version());
      }
      return Optional.empty();
    }
  }

  private CommandOutcome alreadyRecorded(ReservationId id, AppendResult earlier) {
    List<TableEvent> upToCommit =
        eventStore.load(id).events().stream()
            .filter(e -> e.version() <= earlier.lastVersion())
            .map(RecordedEvent::event)
            .toList();
    return new CommandOutcome(id, earlier.lastVersion(), Table.replay(upToCommit), false);
  }

  // Time in a stream never runs backwards, so "the state at instant t" is always a prefix of the stream.
  private static Instant occurredAt(TableCommand command, EventStream stream) {
    Instant now = command.now();
    if (stream.isEmpty()) {
      return now;
    }
    Instant last = stream.events().getLast().occurredAt();
    return now.isBefore(last) ? last : now;
  }

  private static void backOff(int attempt) {
    long maxMillis = Math.min(50, 2L << Math.min(attempt, 5));
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContentionException(attempt);
    }
  }
}
