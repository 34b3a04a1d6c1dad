package example.restaurant.mongo.eventstore;

import static example.restaurant.mongo.eventstore.EventCodec.whole;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import example.restaurant.application.port.AppendResult;
import example.restaurant.application.port.ConcurrentAppendException;
import example.restaurant.application.port.EventMetadata;
import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.EventStream;
import example.restaurant.application.port.NewCommit;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store on MongoDB: one commit document per command in {@code commits}, and a snapshot of each stream
 * in {@code streams} that only saves lookups.
 *
 * <ul>
 *   <li>A commit's {@code _id} is {@code "<streamId>:<firstVersion>"}, so the unique {@code _id} index lets exactly
 *       one of several appends at the same expected version in; a unique index on (streamId, commandId) makes a
 *       retried command write nothing. One insert per command makes the append atomic without transactions.
 *   <li>Every read on a hot path is an exact match on all keys of a unique index, because the embedded server
 *       serves nothing else from an index. Loading reads the snapshot by {@code _id}, then probes
 *       {@code commits} by {@code _id} for the commits after it until one is missing. The snapshot is written
 *       after the commit and may be lost or overwritten by an older one; the probes make that harmless.
 *   <li>Each commit takes a ticket from a counter just before its insert, under a unique index: the sequencer of
 *       the global log walks the tickets in order by exact lookups, and a ticket whose commit never arrives is
 *       voided (a placeholder takes it), so a late writer cannot slip in behind the sequencer's back.
 * </ul>
 */
public final class MongoEventStore implements EventStore {

  public static final String COMMITS = "commits";
  static final String STREAMS = "streams";
  public static final String COUNTERS = "counters";
  public static final String TICKET_COUNTER = "commit-ticket";
  private static final int TICKET_ATTEMPTS = 50;

  private static final Logger log = LoggerFactory.getLogger(MongoEventStore.class);

  private final MongoCollection<Document> commits;
  private final MongoCollection<Document> streams;
  private final MongoCollection<Document> counters;
  private final Clock clock;
  private final EventCodec codec;
  private volatile Runnable afterCommitInserted = () -> {};

  public MongoEventStore(MongoDatabase database) {
    this(database, Clock.systemUTC(), Upcaster.NONE);
  }

  public MongoEventStore(MongoDatabase database, Clock clock, Upcaster upcaster) {
    WriteConcern writeConcern = acknowledged(database.getWriteConcern());
    this.commits =
        database.getCollection(COMMITS).withWriteConcern(writeConcern).withReadPreference(ReadPreference.primary());
    this.streams =
        database.getCollection(STREAMS).withWriteConcern(writeConcern).withReadPreference(ReadPreference.primary());
    this.counters =
        database.getCollection(COUNTERS).withWriteConcern(writeConcern).withReadPreference(ReadPreference.primary());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.codec = new EventCodec(Objects.requireNonNull(upcaster, "upcaster"));
    ensureIndexes();
  }

  /** Creates the indexes the store relies on; creating an existing index is a no-op. */
  public void ensureIndexes() {
    commits.createIndex(
        Indexes.ascending("streamId", "commandId"), new IndexOptions().unique(true).name("streamId_commandId"));
    commits.createIndex(Indexes.ascending("ticket"), new IndexOptions().unique(true).name("ticket"));
  }

  @Override
  public EventStream load(ReservationId streamId) {
    List<RecordedEvent> events = new ArrayList<>();
    for (Document stored : loadStored(streamId.toString())) {
      events.add(decode(streamId, stored));
    }
    return new EventStream(streamId, events);
  }

  @Override
  public AppendResult append(NewCommit commit) {
    return append(commit, loadStored(commit.streamId().toString()));
  }

  /**
   * Uses the stream the caller has just loaded instead of reading it again: two point reads fewer per command. The
   * basis also gives the next snapshot; it is trusted only when it is that stream at the expected version.
   */
  @Override
  public AppendResult append(NewCommit commit, EventStream basis) {
    if (!basis.streamId().equals(commit.streamId()) || basis.version() != commit.expectedVersion()) {
      return append(commit);
    }
    List<Document> current = new ArrayList<>(basis.events().size());
    for (RecordedEvent recorded : basis.events()) {
      current.add(storedEvent(recorded));
    }
    return append(commit, current);
  }

  private AppendResult append(NewCommit commit, List<Document> current) {
    String streamId = commit.streamId().toString();
    // The _id index only catches a rival at the same first version; a commit beyond the stream's end would be
    // inserted yet never found by load, so the version is checked against the stream first.
    if (current.size() != commit.expectedVersion()) {
      return earlierCommitOrConflict(commit);
    }
    long firstVersion = commit.expectedVersion() + 1;
    long lastVersion = commit.expectedVersion() + commit.events().size();
    Document document = commitDocument(commit, firstVersion, lastVersion);
    if (!insertWithTicket(document)) {
      return earlierCommitOrConflict(commit);
    }
    afterCommitInserted.run();
    List<Document> snapshot = new ArrayList<>(current);
    snapshot.addAll(storedEvents(document));
    writeSnapshot(streamId, snapshot);
    return new AppendResult(firstVersion, lastVersion, false);
  }

  @Override
  public Optional<AppendResult> findCommit(ReservationId streamId, String commandId) {
    // a plain document, not Filters.and(...): the embedded server uses the index only for {streamId, commandId}
    Document found =
        commits
            .find(new Document("streamId", streamId.toString()).append("commandId", commandId))
            .projection(Projections.include("firstVersion", "lastVersion"))
            .first();
    return Optional.ofNullable(found)
        .map(commit -> new AppendResult(whole(commit, "firstVersion"), whole(commit, "lastVersion"), true));
  }

  /**
   * Inserts the commit with the next ticket of the global order; false when another commit took its {@code _id}
   * (or its command id). A ticket that the sequencer gave up waiting for and voided makes the insert fail on the
   * ticket index; then the commit simply takes a new ticket (see {@code MongoSequencer}).
   */
  private boolean insertWithTicket(Document document) {
    for (int attempt = 1; attempt <= TICKET_ATTEMPTS; attempt++) {
      document.put("ticket", nextTicket());
      try {
        commits.insertOne(document);
        return true;
      } catch (MongoWriteException e) {
        if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        if (commits.find(Filters.eq("_id", document.get("_id"))).first() != null
            || findCommit(ReservationId.parse(document.getString("streamId")), document.getString("commandId"))
                .isPresent()) {
          // lost the race: hand the ticket back at once, so the sequencer need not wait for it
          voidTicket(commits, whole(document, "ticket"));
          return false;
        }
        // the ticket is taken: voided by the sequencer, or handed out twice by a counter whose $inc is not atomic
        // (FerretDB 1.x); lift the counter past it so the next ticket is a fresh one
        long taken = whole(document, "ticket");
        counters.updateOne(Filters.eq("_id", TICKET_COUNTER), new Document("$max", new Document("value", taken)));
        log.info("Ticket {} was taken before commit {} reached the store; taking a new one", taken,
            document.get("_id"));
      }
    }
    throw new IllegalStateException("commit " + document.get("_id") + " found no ticket after " + TICKET_ATTEMPTS
        + " attempts");
  }

  /**
   * Fills a ticket with a placeholder that no stream ever loads, so that no commit can take it any more. Used by a
   * writer that lost its race and by the sequencer for a ticket whose commit is overdue.
   *
   * @return true when the placeholder went in; false when a commit (or another placeholder) already holds the ticket
   */
  public static boolean voidTicket(MongoCollection<Document> commits, long ticket) {
    try {
      commits.insertOne(new Document("_id", "void:" + ticket)
          .append("ticket", ticket)
          .append("streamId", "void")
          .append("commandId", "void:" + ticket)
          .append("void", true));
      return true;
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  private long nextTicket() {
    for (int attempt = 1; ; attempt++) {
      try {
        // The image before the $inc, plus one: the embedded server (mongo-java-server) replies with the live
        // document as the image after, which a concurrent $inc can change before the reply is written, so two
        // writers would get the same ticket and leave a hole that the sequencer waits out (2 s) before voiding it.
        // Its image before is a copy taken under the collection's lock; on MongoDB and FerretDB both are exact.
        Document before = counters.findOneAndUpdate(
            Filters.eq("_id", TICKET_COUNTER),
            new Document("$inc", new Document("value", 1L)),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return before == null ? 1 : whole(before, "value") + 1;
      } catch (MongoCommandException e) {
        // Two first upserts of the counter race: MongoDB retries that itself, FerretDB answers with a duplicate key.
        // The counter exists by then, so the next attempt updates it.
        if (attempt >= 3 || ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
      }
    }
  }

  /** Lets a test stop an append between its steps, as a crash would. */
  void afterCommitInserted(Runnable hook) {
    this.afterCommitInserted = Objects.requireNonNull(hook);
  }

  private AppendResult earlierCommitOrConflict(NewCommit commit) {
    return findCommit(commit.streamId(), commit.commandId())
        .orElseThrow(() -> new ConcurrentAppendException(commit.streamId(), commit.expectedVersion()));
  }

  /** The stream's events in stored form (one document per event, metadata inlined), versions 1..n. */
  private List<Document> loadStored(String streamId) {
    List<Document> events = fromSnapshot(streamId);
    Document commit;
    while ((commit = commits.find(Filters.eq("_id", commitId(streamId, events.size() + 1))).first()) != null) {
      events.addAll(storedEvents(commit));
    }
    return events;
  }

  private List<Document> fromSnapshot(String streamId) {
    Document snapshot = streams.find(Filters.eq("_id", streamId)).first();
    if (snapshot == null) {
      return new ArrayList<>();
    }
    List<Document> events = snapshot.getList("events", Document.class, List.of());
    for (int i = 0; i < events.size(); i++) {
      if (whole(events.get(i), "version") != i + 1) {
        log.warn("Snapshot of stream {} is not contiguous at position {}: ignored, loading from commits", streamId, i);
        return new ArrayList<>();
      }
    }
    return new ArrayList<>(events);
  }

  private void writeSnapshot(String streamId, List<Document> events) {
    Document snapshot = new Document("_id", streamId).append("version", (long) events.size()).append("events", events);
    try {
      streams.replaceOne(Filters.eq("_id", streamId), snapshot, new ReplaceOptions().upsert(true));
    } catch (MongoException e) {
      // The commit is in: the next load finds it by probing, so this append still succeeded.
      log.warn("Could not write the snapshot of stream {} at version {}", streamId, events.size(), e);
    }
  }

  private Document commitDocument(NewCommit commit, long firstVersion, long lastVersion) {
    List<Document> events = new ArrayList<>();
    long version = firstVersion;
    for (TableEvent event : commit.events()) {
      String type = EventTypeRegistry.nameOf(event);
      events.add(
          new Document("version", version++)
              .append("type", type)
              .append("schemaVersion", EventTypeRegistry.currentSchemaVersion(type))
              .append("data", EventCodec.encode(event)));
    }
    EventMetadata metadata = commit.metadata();
    return new Document("_id", commitId(commit.streamId().toString(), firstVersion))
        .append("streamId", commit.streamId().toString())
        .append("firstVersion", firstVersion)
        .append("lastVersion", lastVersion)
        .append("commandId", metadata.commandId())
        .append("correlationId", metadata.correlationId())
        .append("causationId", metadata.causationId())
        .append("occurredAt", Date.from(commit.occurredAt()))
        .append("recordedAt", Date.from(clock.instant()))
        .append("events", events);
  }

  /** A loaded event in the form the snapshot keeps (at the current schema version). */
  private static Document storedEvent(RecordedEvent recorded) {
    String type = EventTypeRegistry.nameOf(recorded.event());
    return new Document("version", recorded.version())
        .append("type", type)
        .append("schemaVersion", EventTypeRegistry.currentSchemaVersion(type))
        .append("data", EventCodec.encode(recorded.event()))
        .append("occurredAt", Date.from(recorded.occurredAt()))
        .append("commandId", recorded.metadata().commandId())
        .append("correlationId", recorded.metadata().correlationId())
        .append("causationId", recorded.metadata().causationId());
  }

  /** A commit's events, each with the commit's time and metadata, as the snapshot keeps them. */
  private static List<Document> storedEvents(Document commit) {
    long expected = whole(commit, "firstVersion");
    List<Document> events = new ArrayList<>();
    for (Document event : commit.getList("events", Document.class)) {
      if (whole(event, "version") != expected++) {
        throw new IllegalStateException("commit " + commit.get("_id") + " holds events out of version order");
      }
      events.add(
          new Document(event)
              .append("occurredAt", commit.get("occurredAt"))
              .append("commandId", commit.get("commandId"))
              .append("correlationId", commit.get("correlationId"))
              .append("causationId", commit.get("causationId")));
    }
    if (events.isEmpty() || expected - 1 != whole(commit, "lastVersion")) {
      throw new IllegalStateException("commit " + commit.get("_id") + " does not hold the versions it claims");
    }
    return events;
  }

  private RecordedEvent decode(ReservationId streamId, Document stored) {
    long version = whole(stored, "version");
    try {
      int schemaVersion = Math.toIntExact(whole(stored, "schemaVersion"));
      TableEvent event = codec.decode(stored.getString("type"), schemaVersion, stored.get("data", Document.class));
      return new RecordedEvent(
          version,
          stored.getDate("occurredAt").toInstant(),
          event,
          new EventMetadata(
              stored.getString("commandId"), stored.getString("correlationId"), stored.getString("causationId")));
    } catch (RuntimeException e) {
      throw new UnreadableEventException(
          "cannot read event " + version + " of stream " + streamId + ": " + e.getMessage(), e);
    }
  }

  static String commitId(String streamId, long firstVersion) {
    return streamId + ":" + firstVersion;
  }

  private static WriteConcern acknowledged(WriteConcern configured) {
    return configured.isAcknowledged() ? configured : WriteConcern.ACKNOWLEDGED;
  }
}
