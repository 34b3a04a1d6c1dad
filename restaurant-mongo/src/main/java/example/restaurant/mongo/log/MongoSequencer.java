package example.restaurant.mongo.log;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.ProjectorLeases;
import example.restaurant.application.port.ProjectorLeases.Lease;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.application.projection.PublicEventTranslator;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.mongo.eventstore.MongoEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stamps committed commits into the one global order, gap-free by construction.
 *
 * <p>Every commit takes a ticket from a counter just before its insert (unique index on {@code ticket}). The single
 * sequencer (whoever holds its lease) walks the tickets in order with exact lookups: a ticket with a commit is
 * logged, one holding a placeholder is skipped, and one that is missing belongs to a writer between its two steps —
 * it waits for it, and after a grace period voids the ticket with a placeholder, which makes the late writer's
 * insert fail so that it takes a new ticket. So the sequencer never has to guess whether a hole is a slow writer: it
 * decides, and the index enforces the decision. Per-stream order holds because a commit's ticket is taken after the
 * previous commit of its stream was inserted.
 *
 * <p>Log entries are keyed by position ({@code _id}) and by {@code <streamId>:<version>} (unique): a second
 * sequencer that thinks it owns the log fails on the position index instead of writing over it, and after a crash
 * the sequencer sees what it had already logged.
 */
public final class MongoSequencer implements AutoCloseable {

  public static final String LEASE = "sequencer";
  /** How many tickets past the counter a round looks at: where $inc is not atomic, a ticket can exceed the counter. */
  static final int TICKETS_BEYOND_COUNTER = 16;
  static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(MongoSequencer.class);

  public record Settings(int batchSize, Duration grace, Duration leaseTime, Duration pollInterval) {
    public static Settings defaults() {
      return new Settings(500, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(200));
    }
  }

  private final MongoCollection<Document> commits;
  private final MongoCollection<Document> counters;
  private final MongoCollection<Document> logEntries;
  private final MongoCollection<Document> state;
  private final EventStore store;
  private final ProjectorLeases leases;
  private final Clock clock;
  private final String owner;
  private final Settings settings;
  private final Runnable afterLogged;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final Map<Long, Instant> missingSince = new HashMap<>();
  private long token = -1;
  private Lease lease;
  private Instant renewAt = Instant.MIN;
  private Instant checkpointAt = Instant.MIN;
  private long checkpointed = -1;
  private long savedHead = -1;
  private long savedNextTicket = -1;
  private long head;
  private long nextTicket;
  private volatile long wakeups;
  private volatile boolean running;
  private Thread thread;

  public MongoSequencer(
      MongoDatabase database,
      MongoEventLog eventLog,
      EventStore store,
      ProjectorLeases leases,
      Clock clock,
      String owner,
      Settings settings,
      Runnable afterLogged) {
    this.commits = database.getCollection(MongoEventStore.COMMITS).withReadPreference(ReadPreference.primary());
    this.counters = database.getCollection(MongoEventStore.COUNTERS).withReadPreference(ReadPreference.primary());
    this.logEntries = eventLog.collection();
    this.state = eventLog.stateCollection();
    this.store = store;
    this.leases = leases;
    this.clock = clock;
    this.owner = owner;
    this.settings = settings;
    this.afterLogged = afterLogged;
  }

  /**
   * One round: if this instance holds the lease, logs every commit that is ready, in ticket order.
   *
   * @return the number of events logged
   */
  public synchronized int sequenceOnce() {
    Instant now = clock.instant();
    if (lease == null || !now.isBefore(renewAt)) {
      // taken or renewed every third of the lease time, not every round: each is a durable write. Two sequencers
      // cannot both log anyway: a position is an _id, and the one that loses the insert hands over (see below)
      Optional<Lease> acquired = leases.tryAcquire(LEASE, owner, now, settings.leaseTime());
      if (acquired.isEmpty()) {
        lease = null;
        token = -1;
        return 0;
      }
      lease = acquired.get();
      renewAt = now.plus(settings.leaseTime().dividedBy(3));
    }
    if (lease.token() != token) {
      recover();
      token = lease.token();
    }
    int logged = 0;
    int round;
    do {
      round = sequenceBatch();
      logged += round;
    } while (round > 0 && logged < 20 * settings.batchSize());
    if (head != savedHead || nextTicket != savedNextTicket) {
      saveHint();
    }
    if (head != checkpointed && (logged == 0 || !clock.instant().isBefore(checkpointAt))) {
      saveCheckpoint(); // at most once a second while busy, and once more when it goes idle
    }
    if (logged > 0) {
      afterLogged.run();
    }
    return logged;
  }

  /**
   * Saves where the log ends: the hint that {@link #recover()} and {@link MongoEventLog#head()} start their probes
   * from. After every round that moved it: on FerretDB 1.x each probe of a numeric {@code _id} scans the log, so a hint
   * a second behind made head() (and with it the operations endpoint) take seconds under load.
   */
  private void saveHint() {
    state.replaceOne(
        Filters.eq("_id", "head"),
        new Document("_id", "head").append("position", head).append("nextTicket", nextTicket),
        new ReplaceOptions().upsert(true));
    savedHead = head;
    savedNextTicket = nextTicket;
  }

  /** The lease's checkpoint (for operators only: recovery starts from the hint): at most once a second. */
  private void saveCheckpoint() {
    if (lease != null && !leases.checkpoint(lease, head, clock.instant(), settings.leaseTime())) {
      lease = null;
      token = -1;
    }
    checkpointAt = clock.instant().plus(CHECKPOINT_EVERY);
    checkpointed = head;
  }

  /** Finds where the log ends and which ticket comes next, from the hint and the log itself. */
  private void recover() {
    missingSince.clear();
    Document hint = state.find(Filters.eq("_id", "head")).first();
    head = hint == null ? 0 : number(hint, "position");
    nextTicket = hint == null ? 1 : number(hint, "nextTicket");
    Document last = null;
    Document probe;
    while ((probe = logEntries.find(Filters.eq("_id", head + 1)).first()) != null) {
      last = probe;
      head++;
    }
    if (last != null) {
      // the ticket of the last logged event is done if its whole commit is logged; else the commit is finished first
      nextTicket = number(last, "ticket");
    }
  }

  private int sequenceBatch() {
    long highest = issuedTickets();
    // The tickets up to the counter, and a few beyond it in case the counter fell behind (FerretDB): not a whole
    // batch every round, since each ticket named is an index lookup, which is what costs on the embedded server
    List<Long> tickets = new ArrayList<>();
    long lastWanted = Math.max(highest, nextTicket - 1) + TICKETS_BEYOND_COUNTER;
    for (long t = nextTicket; t <= lastWanted && tickets.size() < settings.batchSize(); t++) {
      tickets.add(t);
    }
    Map<Long, Document> byTicket = new HashMap<>();
    for (Document commit : commits.find(Filters.in("ticket", tickets))) {
      long ticket = number(commit, "ticket");
      byTicket.put(ticket, commit);
      // the counter is a hint: on a server whose updates are not atomic (FerretDB 1.x) it can fall behind the
      // tickets really taken, so a stored ticket counts as issued whatever the counter says
      highest = Math.max(highest, ticket);
    }
    if (nextTicket > highest) {
      return 0;
    }
    long last = highest;
    tickets.removeIf(t -> t > last);
    List<Document> ready = new ArrayList<>();
    long ticket = nextTicket;
    for (long t : tickets) {
      Document commit = byTicket.get(t);
      if (commit == null) {
        if (!overdue(t)) {
          // a writer between taking its ticket and inserting: wait for it; and start the grace period of every
          // other hole in this batch now, so that holes left by a crash expire together, not one after another
          tickets.stream().filter(h -> h > t && !byTicket.containsKey(h)).forEach(this::overdue);
          break;
        }
        if (!MongoEventStore.voidTicket(commits, t)) {
          commit = commits.find(Filters.eq("ticket", t)).first(); // the late commit got in after all
        } else {
          log.warn("Ticket {} had no commit after {}: voided; its writer, if alive, takes a new one", t,
              settings.grace());
        }
        missingSince.remove(t);
      }
      if (commit != null && !commit.getBoolean("void", false)) {
        ready.add(commit);
      }
      ticket = t + 1;
    }
    if (ticket == nextTicket) {
      return 0;
    }
    List<Document> entries = entries(ready);
    if (!entries.isEmpty()) {
      try {
        logEntries.insertMany(entries, new InsertManyOptions().ordered(true));
      } catch (MongoBulkWriteException e) {
        boolean duplicate = e.getWriteErrors().stream()
            .allMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY);
        if (duplicate) {
          // another sequencer wrote these positions: it owns the log now, or did until we recovered
          log.warn("Another sequencer logged position {} first; handing over", head + 1);
          token = -1;
          lease = null;
          recover();
          return 0;
        }
        throw e;
      }
      head += entries.size();
    }
    nextTicket = ticket;
    return Math.max(entries.size(), 1);
  }

  private boolean overdue(long ticket) {
    Instant now = clock.instant();
    Instant since = missingSince.computeIfAbsent(ticket, t -> now);
    return Duration.between(since, now).compareTo(settings.grace()) >= 0;
  }

  private List<Document> entries(List<Document> ready) {
    Map<String, List<PublicEvent>> translated = new HashMap<>();
    Map<String, List<RecordedEvent>> streams = new HashMap<>();
    List<Document> entries = new ArrayList<>();
    java.util.Set<String> loggedHere = new java.util.HashSet<>();
    long position = head;
    for (Document commit : ready) {
      String streamId = commit.getString("streamId");
      List<RecordedEvent> stream = streams.computeIfAbsent(
          streamId, id -> store.load(ReservationId.parse(id)).events());
      List<PublicEvent> published = translated.computeIfAbsent(
          streamId, id -> PublicEventTranslator.translate(stream));
      // Per-stream order: a commit may hold a smaller ticket than its predecessor where the ticket counter is not
      // atomic (FerretDB 1.x hands out stale values), so earlier versions not logged yet go first, under this ticket;
      // when the sequencer reaches their own tickets, their events are found logged and skipped.
      long from = number(commit, "firstVersion");
      while (from > 1 && !logged(streamId, from - 1, loggedHere)) {
        from--;
      }
      for (long version = from; version <= number(commit, "lastVersion"); version++) {
        String eventId = MongoEventLog.eventId(streamId, version);
        if (logged(streamId, version, loggedHere)) {
          continue; // logged before a crash, or earlier in this batch
        }
        loggedHere.add(eventId);
        RecordedEvent recorded = stream.get((int) version - 1);
        PublicEvent event = published.get((int) version - 1);
        entries.add(new Document("_id", ++position)
            .append("eventId", eventId)
            .append("streamId", streamId)
            .append("version", version)
            .append("ticket", number(commit, "ticket"))
            .append("type", event.type())
            .append("schemaVersion", event.schemaVersion())
            .append("occurredAt", Date.from(recorded.occurredAt()))
            .append("data", PublicEventCodec.encode(event)));
      }
    }
    return entries;
  }

  private boolean logged(String streamId, long version, java.util.Set<String> loggedHere) {
    String eventId = MongoEventLog.eventId(streamId, version);
    return loggedHere.contains(eventId) || logEntries.find(Filters.eq("eventId", eventId)).first() != null;
  }

  private long issuedTickets() {
    Document counter = counters.find(Filters.eq("_id", MongoEventStore.TICKET_COUNTER)).first();
    return counter == null ? 0 : number(counter, "value");
  }

  private static long number(Document document, String field) {
    return ((Number) document.get(field)).longValue();
  }

  /** Runs rounds in the background: right after {@link #wake()}, else every poll interval. */
  public void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("sequencer").start(this::loop);
  }

  /** A commit was appended in this instance: sequence it now rather than at the next poll. */
  public void wake() {
    lock.lock();
    try {
      wakeups++;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (running) {
      long seen = wakeups;
      int logged = 0;
      try {
        logged = sequenceOnce();
      } catch (RuntimeException e) {
        log.warn("Sequencer round failed; retrying", e);
        token = -1;
        lease = null;
      }
      lock.lock();
      try {
        if (logged == 0 && running && seen == wakeups) {
          wakeUp.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    wake();
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      synchronized (this) {
        if (lease != null && token != -1) {
          saveHint();
          saveCheckpoint();
        }
      }
      leases.tryAcquire(LEASE, owner, clock.instant(), settings.leaseTime()).ifPresent(leases::release);
    } catch (RuntimeException e) {
      log.debug("Could not release the sequencer lease", e);
    }
  }
}
