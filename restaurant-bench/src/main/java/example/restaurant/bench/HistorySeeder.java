package example.restaurant.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import example.restaurant.application.port.EventMetadata;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.application.projection.PublicEventTranslator;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.PaymentMethod;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.Table;
import example.restaurant.domain.table.TableCommand;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableId;
import example.restaurant.mongo.eventstore.EventTypeRegistry;
import example.restaurant.mongo.eventstore.StoreShapes;
import example.restaurant.mongo.log.PublicEventCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;

/**
 * Writes a restaurant's history straight into the store in bulk, in exactly the shapes the service writes: commit
 * documents (as MongoEventStore.commitDocument), one snapshot per stream (as its writeSnapshot), and the global log
 * entries (as MongoSequencer.entries), with tickets and positions continuing from what is stored, and then moves the
 * ticket counter and the log head so that the service's sequencer goes on from there. Must run while no service
 * writes to the database.
 *
 * <p>The events are decided by the real Table aggregate (so every stream obeys the rules) and translated by the real
 * PublicEventTranslator. Each reservation: reserved, 3 orders, 3 served, paid, left = 9 events, one command each;
 * one in a hundred keeps its last order pending (a realistic kitchen queue). Reservations are dated in the past (100
 * an evening), so the served-order markers of the kitchen queue are disposable.
 */
final class HistorySeeder {

  static final int EVENTS_PER_RESERVATION = 9;
  private static final int BATCH = 1_000;
  private static final String[] PRODUCTS = {"Tripel", "Dubbel", "Water", "Cola", "Wine", "Espresso", "Lemonade",
      "Gin tonic", "Pils", "Tea", "Orange juice", "Saison"};

  record Result(long events, long reservations, long firstPosition, long lastPosition, Duration took) {}

  private final MongoDatabase db;
  private final Random random;

  HistorySeeder(MongoDatabase db, long seed) {
    this.db = db;
    this.random = new Random(seed);
  }

  /** Appends about {@code events} events (rounded up to whole reservations) after what is stored. */
  Result seed(long events, int dayOffset) {
    long started = System.nanoTime();
    MongoCollection<Document> commits = db.getCollection("commits");
    MongoCollection<Document> streams = db.getCollection("streams");
    MongoCollection<Document> log = db.getCollection("event_log");
    MongoCollection<Document> counters = db.getCollection("counters");
    MongoCollection<Document> state = db.getCollection("event_log_state");
    if (commits.countDocuments() == 0) {
      ensureIndexes(commits, log);
    }

    Document counter = counters.find(Filters.eq("_id", "commit-ticket")).first();
    long ticket = counter == null ? 0 : ((Number) counter.get("value")).longValue();
    Document head = state.find(Filters.eq("_id", "head")).first();
    long position = head == null ? 0 : ((Number) head.get("position")).longValue();
    // the log must be complete up to the counter: the sequencer of the last service run has caught up
    while (log.find(Filters.eq("_id", position + 1)).first() != null) {
      position++;
    }
    long nextTicket = head == null ? 1 : ((Number) head.get("nextTicket")).longValue();
    if (ticket > 0 && position > 0) {
      Document last = log.find(Filters.eq("_id", position)).first();
      long lastTicket = ((Number) last.get("ticket")).longValue();
      if (lastTicket != ticket && nextTicket != ticket + 1) {
        throw new IllegalStateException("the log is not caught up with the commits (ticket " + ticket + ", logged "
            + lastTicket + "): stop the service only after its sequencer is idle");
      }
    }
    long firstPosition = position + 1;

    long reservations = (events + EVENTS_PER_RESERVATION - 1) / EVENTS_PER_RESERVATION;
    Instant epoch = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(400 - dayOffset));
    List<Document> commitBatch = new ArrayList<>(BATCH);
    List<Document> snapshotBatch = new ArrayList<>(BATCH);
    List<Document> logBatch = new ArrayList<>(BATCH);
    long written = 0;
    // interleave 16 parties at a time, as an evening would, keeping each stream's own order
    int window = 16;
    for (long first = 0; first < reservations; first += window) {
      int n = (int) Math.min(window, reservations - first);
      List<List<RecordedEvent>> parties = new ArrayList<>(n);
      List<ReservationId> ids = new ArrayList<>(n);
      for (int p = 0; p < n; p++) {
        long index = first + p;
        Instant evening = epoch.plus(Duration.ofDays(index / 100)).plus(Duration.ofHours(17));
        Instant at = evening.plus(Duration.ofMinutes(random.nextInt(300)));
        ReservationId id = new ReservationId(UUID.randomUUID());
        ids.add(id);
        parties.add(party(id, at, index % 100 == 99));
      }
      int longest = parties.stream().mapToInt(List::size).max().orElse(0);
      for (int step = 0; step < longest; step++) {
        for (int p = 0; p < n; p++) {
          List<RecordedEvent> stream = parties.get(p);
          if (step >= stream.size()) {
            continue;
          }
          String streamId = ids.get(p).toString();
          RecordedEvent recorded = stream.get(step);
          ticket++;
          commitBatch.add(commitDocument(streamId, recorded, ticket));
          PublicEvent published = PublicEventTranslator.translate(stream.subList(0, step + 1)).get(step);
          logBatch.add(logEntry(++position, streamId, recorded, ticket, published));
          written++;
        }
      }
      for (int p = 0; p < n; p++) {
        snapshotBatch.add(snapshot(ids.get(p).toString(), parties.get(p)));
      }
      if (commitBatch.size() >= BATCH) {
        flush(commits, commitBatch, streams, snapshotBatch, log, logBatch);
      }
    }
    flush(commits, commitBatch, streams, snapshotBatch, log, logBatch);
    counters.replaceOne(Filters.eq("_id", "commit-ticket"), new Document("_id", "commit-ticket").append("value", ticket),
        new ReplaceOptions().upsert(true));
    state.replaceOne(Filters.eq("_id", "head"),
        new Document("_id", "head").append("position", position).append("nextTicket", ticket + 1),
        new ReplaceOptions().upsert(true));
    return new Result(written, reservations, firstPosition, position,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static void ensureIndexes(MongoCollection<Document> commits, MongoCollection<Document> log) {
    // the same indexes the service creates at start; created before the bulk insert so that they are checked
    commits.createIndex(new Document("streamId", 1).append("commandId", 1),
        new com.mongodb.client.model.IndexOptions().unique(true).name("streamId_commandId"));
    commits.createIndex(new Document("ticket", 1),
        new com.mongodb.client.model.IndexOptions().unique(true).name("ticket"));
    log.createIndex(new Document("eventId", 1), new com.mongodb.client.model.IndexOptions().unique(true).name("eventId"));
  }

  private static void flush(MongoCollection<Document> commits, List<Document> commitBatch,
      MongoCollection<Document> streams, List<Document> snapshotBatch,
      MongoCollection<Document> log, List<Document> logBatch) {
    InsertManyOptions ordered = new InsertManyOptions().ordered(true);
    if (!commitBatch.isEmpty()) {
      commits.insertMany(commitBatch, ordered);
    }
    if (!snapshotBatch.isEmpty()) {
      streams.insertMany(snapshotBatch, ordered);
    }
    if (!logBatch.isEmpty()) {
      log.insertMany(logBatch, ordered);
    }
    commitBatch.clear();
    snapshotBatch.clear();
    logBatch.clear();
  }

  /** One party's evening, decided command by command by the aggregate. */
  private List<RecordedEvent> party(ReservationId id, Instant at, boolean leavePending) {
    List<TableCommand> commands = new ArrayList<>();
    int guests = 2 + random.nextInt(6);
    commands.add(new TableCommand.ReserveTable(id, new TableId(1 + random.nextInt(40)),
        new PartyName("Party " + random.nextInt(10_000)), at, new GuestCount(guests), at.minus(Duration.ofDays(2))));
    List<OrderId> orders = new ArrayList<>();
    Instant t = at;
    for (int i = 0; i < 3; i++) {
      OrderId orderId = new OrderId(UUID.randomUUID());
      orders.add(orderId);
      int product = random.nextInt(PRODUCTS.length);
      t = t.plus(Duration.ofMinutes(5 + random.nextInt(20)));
      commands.add(new TableCommand.OrderDrinks(new DrinksOrder(orderId, new ProductId(product + 1),
          PRODUCTS[product], new Quantity(1), Money.ofCents(250 + 50L * product), i == 0 ? "no ice" : null), t));
    }
    long billCents = 0;
    for (int i = 0; i < 3; i++) {
      t = t.plus(Duration.ofMinutes(2));
      if (leavePending && i == 2) {
        continue;
      }
      commands.add(new TableCommand.ServeDrinks(orders.get(i), t));
    }
    List<RecordedEvent> stream = new ArrayList<>();
    Table table = Table.initial();
    for (TableCommand command : commands) {
      table = record(table, command, stream);
    }
    if (!leavePending) {
      billCents = table.bill().cents();
      t = t.plus(Duration.ofMinutes(30));
      table = record(table, new TableCommand.PayBill(Money.ofCents(billCents + 200), PaymentMethod.CARD, t), stream);
      record(table, new TableCommand.LeaveTable(t.plus(Duration.ofMinutes(3))), stream);
    }
    return stream;
  }

  private static Table record(Table table, TableCommand command, List<RecordedEvent> stream) {
    for (TableEvent event : table.decide(command)) {
      String commandId = UUID.randomUUID().toString();
      stream.add(new RecordedEvent(stream.size() + 1, command.now(), event,
          new EventMetadata(commandId, commandId, commandId)));
      table = table.evolve(event);
    }
    return table;
  }

  /** As MongoEventStore.commitDocument: one command, one event here. */
  private static Document commitDocument(String streamId, RecordedEvent recorded, long ticket) {
    return new Document("_id", StoreShapes.commitId(streamId, recorded.version()))
        .append("streamId", streamId)
        .append("firstVersion", recorded.version())
        .append("lastVersion", recorded.version())
        .append("commandId", recorded.metadata().commandId())
        .append("correlationId", recorded.metadata().correlationId())
        .append("causationId", recorded.metadata().causationId())
        .append("occurredAt", Date.from(recorded.occurredAt()))
        .append("recordedAt", Date.from(recorded.occurredAt()))
        .append("events", List.of(storedEvent(recorded)))
        .append("ticket", ticket);
  }

  private static Document storedEvent(RecordedEvent recorded) {
    String type = EventTypeRegistry.nameOf(recorded.event());
    return new Document("version", recorded.version())
        .append("type", type)
        .append("schemaVersion", EventTypeRegistry.currentSchemaVersion(type))
        .append("data", StoreShapes.encode(recorded.event()));
  }

  /** As MongoEventStore.writeSnapshot over MongoEventStore.storedEvents. */
  private static Document snapshot(String streamId, List<RecordedEvent> stream) {
    List<Document> events = new ArrayList<>(stream.size());
    for (RecordedEvent recorded : stream) {
      events.add(storedEvent(recorded)
          .append("occurredAt", Date.from(recorded.occurredAt()))
          .append("commandId", recorded.metadata().commandId())
          .append("correlationId", recorded.metadata().correlationId())
          .append("causationId", recorded.metadata().causationId()));
    }
    return new Document("_id", streamId).append("version", (long) stream.size()).append("events", events);
  }

  /** As MongoSequencer.entries. */
  private static Document logEntry(long position, String streamId, RecordedEvent recorded, long ticket,
      PublicEvent event) {
    return new Document("_id", position)
        .append("eventId", streamId + ":" + recorded.version())
        .append("streamId", streamId)
        .append("version", recorded.version())
        .append("ticket", ticket)
        .append("type", event.type())
        .append("schemaVersion", event.schemaVersion())
        .append("occurredAt", Date.from(recorded.occurredAt()))
        .append("data", PublicEventCodec.encode(event));
  }
}
