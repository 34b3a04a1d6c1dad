package example.restaurant.mongo.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import example.restaurant.application.port.InMemoryProjectorLeases;
import example.restaurant.application.port.LoggedEvent;
import example.restaurant.application.table.CommandContext;
import example.restaurant.application.table.TableCommandHandler;
import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableCommand;
import example.restaurant.domain.table.TableId;
import example.restaurant.domain.table.TableRuleViolation;
import example.restaurant.mongo.eventstore.MongoEventStore;
import example.restaurant.mongo.testing.MongoTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class MongoSequencerTest {

  private static final Instant T0 = Instant.parse("2025-05-26T18:00:00Z");
  private static final MongoSequencer.Settings FAST =
      new MongoSequencer.Settings(50, Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofMillis(10));

  private final MongoDatabase database = MongoTestServer.get().freshDatabase();
  private final MongoEventStore store = new MongoEventStore(database);
  private final MongoEventLog eventLog = new MongoEventLog(database);
  private final InMemoryProjectorLeases leases = new InMemoryProjectorLeases();

  private MongoSequencer sequencer(String owner) {
    return new MongoSequencer(database, eventLog, store, leases, Clock.systemUTC(), owner, FAST, () -> {});
  }

  @Test
  void eight_writers_and_a_restarted_sequencer_log_every_event_exactly_once_in_stream_order() throws Exception {
    List<ReservationId> reservations = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      reservations.add(ReservationId.random());
    }
    // two handlers, as two instances would have: their commands race in the store, not in a local lock
    List<TableCommandHandler> instances = List.of(new TableCommandHandler(store), new TableCommandHandler(store));
    for (ReservationId id : reservations) {
      instances.getFirst().handle(id, new TableCommand.ReserveTable(id, new TableId(1), new PartyName("P"), T0,
          new GuestCount(50), T0), context());
    }

    MongoSequencer first = sequencer("first");
    first.start();
    List<Future<?>> writers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int w = 0; w < 8; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int n = 0; n < 12; n++) {
            ReservationId id = reservations.get(random.nextInt(reservations.size()));
            TableCommandHandler handler = instances.get(writer % 2);
            try {
              handler.handle(id, new TableCommand.OrderDrinks(new DrinksOrder(OrderId.random(), new ProductId(1),
                  "Cola", new Quantity(1), Money.of("2.50"), null), T0), context());
            } catch (TableRuleViolation refused) {
              // fine: the rules still hold under this load
            }
            TimeUnit.MILLISECONDS.sleep(random.nextInt(15));
          }
          return null;
        }));
      }
      TimeUnit.MILLISECONDS.sleep(300);
      first.close(); // a restart in the middle of the writes
      MongoSequencer second = sequencer("second");
      second.start();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      second.close();
    }
    MongoSequencer last = sequencer("third");
    drain(last);

    long expectedEvents = reservations.stream().mapToLong(id -> store.load(id).version()).sum();
    assertThat(expectedEvents).isEqualTo(6 + 8 * 12);
    List<LoggedEvent> logged = eventLog.readAfter(0, 10_000);
    assertThat(logged).hasSize((int) expectedEvents);
    assertThat(logged).extracting(LoggedEvent::position)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, expectedEvents).boxed().toList());
    assertThat(eventLog.head()).isEqualTo(expectedEvents);

    // per stream: each version exactly once, in version order
    Map<String, List<Long>> versions = new HashMap<>();
    for (Document entry : database.getCollection("event_log").find().sort(new Document("_id", 1))) {
      versions.computeIfAbsent(entry.getString("streamId"), k -> new ArrayList<>())
          .add(((Number) entry.get("version")).longValue());
    }
    for (ReservationId id : reservations) {
      long version = store.load(id).version();
      assertThat(versions.get(id.toString()))
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, version).boxed().toList());
      assertThat(eventLog.positionOf(id, version)).isPresent();
    }
  }

  @Test
  void a_ticket_whose_commit_never_arrives_is_voided_after_the_grace_period_and_the_log_goes_on() throws Exception {
    ReservationId id = ReservationId.random();
    TableCommandHandler handler = new TableCommandHandler(store);
    handler.handle(id, new TableCommand.ReserveTable(id, new TableId(1), new PartyName("P"), T0,
        new GuestCount(2), T0), context());
    // a writer takes a ticket and dies before inserting its commit
    database.getCollection(MongoEventStore.COUNTERS).findOneAndUpdate(
        Filters.eq("_id", MongoEventStore.TICKET_COUNTER), new Document("$inc", new Document("value", 1L)),
        new FindOneAndUpdateOptions().upsert(true));
    handler.handle(id, new TableCommand.OrderDrinks(new DrinksOrder(OrderId.random(), new ProductId(1), "Cola",
        new Quantity(1), Money.of("2.50"), null), T0), context());

    MongoSequencer sequencer = sequencer("one");
    assertThat(sequencer.sequenceOnce()).isEqualTo(1); // the reservation; then it waits at the missing ticket
    assertThat(eventLog.head()).isEqualTo(1);
    TimeUnit.MILLISECONDS.sleep(FAST.grace().toMillis() + 50);
    drain(sequencer);
    assertThat(eventLog.head()).isEqualTo(2);
    assertThat(eventLog.readAfter(0, 10)).extracting(LoggedEvent::type)
        .containsExactly("TableReserved", "DrinksOrdered");
    assertThat(database.getCollection(MongoEventStore.COMMITS).find(Filters.eq("_id", "void:2")).first())
        .isNotNull();
  }

  @Test
  void a_commit_with_a_smaller_ticket_than_its_predecessor_is_still_logged_after_it() throws Exception {
    // where the ticket counter is not atomic (FerretDB 1.x) it can hand a later commit of a stream a smaller ticket
    ReservationId id = ReservationId.random();
    TableCommandHandler handler = new TableCommandHandler(store);
    handler.handle(id, new TableCommand.ReserveTable(id, new TableId(1), new PartyName("P"), T0,
        new GuestCount(2), T0), context());
    var counters = database.getCollection(MongoEventStore.COUNTERS);
    var counter = Filters.eq("_id", MongoEventStore.TICKET_COUNTER);
    counters.updateOne(counter, new Document("$set", new Document("value", 10L)));
    handler.handle(id, new TableCommand.OrderDrinks(new DrinksOrder(OrderId.random(), new ProductId(1), "Cola",
        new Quantity(1), Money.of("2.50"), null), T0), context()); // version 2, ticket 11
    counters.updateOne(counter, new Document("$set", new Document("value", 1L)));
    handler.handle(id, new TableCommand.OrderDrinks(new DrinksOrder(OrderId.random(), new ProductId(2), "Tea",
        new Quantity(1), Money.of("2.00"), null), T0), context()); // version 3, ticket 2

    MongoSequencer sequencer = sequencer("one");
    drain(sequencer);
    TimeUnit.MILLISECONDS.sleep(FAST.grace().toMillis() + 50); // tickets 3..10 were never used: voided
    drain(sequencer);

    assertThat(eventLog.readAfter(0, 10)).extracting(LoggedEvent::position).containsExactly(1L, 2L, 3L);
    List<Long> versions = new ArrayList<>();
    database.getCollection("event_log").find().sort(new Document("_id", 1))
        .forEach(d -> versions.add(((Number) d.get("version")).longValue()));
    assertThat(versions).containsExactly(1L, 2L, 3L);
  }

  @Test
  void the_saved_head_follows_every_round_and_the_lease_checkpoint_at_most_once_a_second_until_idle() {
    ReservationId id = ReservationId.random();
    TableCommandHandler handler = new TableCommandHandler(store);
    handler.handle(id, new TableCommand.ReserveTable(id, new TableId(1), new PartyName("P"), T0,
        new GuestCount(2), T0), context());
    // a clock that stands still: the second never passes while busy
    MongoSequencer sequencer = new MongoSequencer(database, eventLog, store, leases,
        new example.restaurant.application.testing.MutableClock(T0), "one", FAST, () -> {});
    drain(sequencer);
    for (int i = 0; i < 3; i++) {
      handler.handle(id, new TableCommand.OrderDrinks(new DrinksOrder(OrderId.random(), new ProductId(1), "Cola",
          new Quantity(1), Money.of("2.50"), null), T0), context());
      sequencer.sequenceOnce();
      Document hint = database.getCollection("event_log_state").find(Filters.eq("_id", "head")).first();
      assertThat(((Number) hint.get("position")).longValue()).isEqualTo(2 + i);
    }
    long busy = checkpointOfSequencer();

    sequencer.sequenceOnce(); // nothing new: idle

    assertThat(busy).isLessThan(4);
    assertThat(checkpointOfSequencer()).isEqualTo(4);
    assertThat(eventLog.head()).isEqualTo(4);
  }

  private long checkpointOfSequencer() {
    return leases.checkpointOf(MongoSequencer.LEASE).orElseThrow().position();
  }

  @Test
  void a_second_sequencer_cannot_log_a_position_or_an_event_twice() {
    ReservationId id = ReservationId.random();
    new TableCommandHandler(store).handle(id, new TableCommand.ReserveTable(id, new TableId(1), new PartyName("P"),
        T0, new GuestCount(2), T0), context());
    MongoSequencer a = sequencer("a");
    drain(a);
    // b believes it owns the log too (say, a lease store that lost its state) and starts from scratch
    MongoSequencer b = new MongoSequencer(database, eventLog, store, new InMemoryProjectorLeases(), Clock.systemUTC(),
        "b", FAST, () -> {});
    drain(b);
    assertThat(eventLog.head()).isEqualTo(1);
    Set<Object> eventIds = new HashSet<>();
    database.getCollection("event_log").find().forEach(d -> assertThat(eventIds.add(d.get("eventId"))).isTrue());
  }

  private static void drain(MongoSequencer sequencer) {
    for (int i = 0; i < 1000 && sequencer.sequenceOnce() > 0; i++) {
      // until nothing is left
    }
  }

  private static CommandContext context() {
    String id = UUID.randomUUID().toString();
    return new CommandContext(id, id, id, false, OptionalLong.empty());
  }
}
