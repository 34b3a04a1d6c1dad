package example.restaurant.mongo.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import example.restaurant.application.port.ConcurrentAppendException;
import example.restaurant.application.port.EventMetadata;
import example.restaurant.application.port.NewCommit;
import example.restaurant.application.port.SampleEvents;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.mongo.testing.MongoTestServer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Not a timing test: it checks that every read on the hot paths is an exact match on all keys of a unique index,
 * the only kind of read the embedded server answers without scanning, so that the cost cannot grow with history.
 */
class MongoEventStoreCostTest {

  private static final Instant T0 = Instant.parse("2026-03-14T19:30:00.123Z");
  private static final Set<String> IGNORED = Set.of("hello", "ismaster", "isMaster", "endSessions", "killCursors");

  private final List<BsonDocument> commands = new CopyOnWriteArrayList<>();
  private MongoClient client;
  private MongoDatabase database;
  private MongoEventStore store;
  private final ReservationId id = ReservationId.random();

  @BeforeEach
  void connect() {
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (!IGNORED.contains(event.getCommandName())) {
              commands.add(event.getCommand().clone());
            }
          }
        };
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MongoTestServer.get().connectionString()))
                .addCommandListener(listener)
                .build());
    database = client.getDatabase(MongoTestServer.get().freshDatabase().getName());
    store = new MongoEventStore(database);
    for (int other = 0; other < 25; other++) {
      ReservationId otherId = ReservationId.random();
      store.append(commit(otherId, 0, SampleEvents.reserved(otherId)));
      for (int version = 1; version < 5; version++) {
        store.append(commit(otherId, version, SampleEvents.ordered(version)));
      }
    }
    store.append(commit(id, 0, SampleEvents.reserved(id)));
    for (int version = 1; version < 8; version++) {
      store.append(commit(id, version, SampleEvents.ordered(version)));
    }
    commands.clear();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void loading_a_stream_reads_its_snapshot_and_probes_one_commit_id_after_it() {
    assertThat(store.load(id).version()).isEqualTo(8);

    assertThat(commands).allSatisfy(MongoEventStoreCostTest::isFindByExactId);
    assertThat(commands).extracting(MongoEventStoreCostTest::idSought).containsExactly(id.toString(), id + ":9");
  }

  @Test
  void loading_a_stream_without_its_snapshot_probes_its_own_commits_only() {
    database.getCollection(MongoEventStore.STREAMS).deleteOne(Filters.eq("_id", id.toString()));
    commands.clear();

    assertThat(store.load(id).version()).isEqualTo(8);

    assertThat(commands).allSatisfy(MongoEventStoreCostTest::isFindByExactId);
    assertThat(commands)
        .extracting(MongoEventStoreCostTest::idSought)
        .containsExactly(
            id.toString(), id + ":1", id + ":2", id + ":3", id + ":4", id + ":5", id + ":6", id + ":7", id + ":8",
            id + ":9");
  }

  @Test
  void appending_reads_by_exact_id_takes_a_ticket_by_id_then_inserts_once_and_replaces_the_snapshot_by_id() {
    store.append(commit(id, 8, SampleEvents.ordered(9)));

    assertThat(commands).extracting(command -> command.getFirstKey())
        .containsExactly("find", "find", "findAndModify", "insert", "update");
    assertThat(commands.subList(0, 2)).allSatisfy(MongoEventStoreCostTest::isFindByExactId);
    assertThat(commands.get(2).getDocument("query").keySet()).containsExactly("_id");
    BsonDocument update = commands.get(4).getArray("updates").get(0).asDocument();
    assertThat(update.getDocument("q").keySet()).containsExactly("_id");
    assertThat(update.getDocument("q").get("_id").asString().getValue()).isEqualTo(id.toString());
  }

  @Test
  void appending_on_the_stream_the_caller_just_loaded_reads_nothing_again_and_keeps_the_snapshot_whole() {
    var basis = store.load(id);
    commands.clear();

    store.append(commit(id, 8, SampleEvents.ordered(9)), basis);

    assertThat(commands).extracting(command -> command.getFirstKey())
        .containsExactly("findAndModify", "insert", "update");
    var reloaded = new MongoEventStore(database).load(id);
    assertThat(reloaded.version()).isEqualTo(9);
    assertThat(reloaded.events().subList(0, 8)).isEqualTo(basis.events());
    // the snapshot now holds all nine events: a load is the snapshot plus one missed probe
    commands.clear();
    store.load(id);
    assertThat(commands).hasSize(2);
  }

  @Test
  void a_basis_that_is_not_at_the_expected_version_is_not_trusted() {
    var stale = store.load(id);
    store.append(commit(id, 8, SampleEvents.ordered(9)), stale);

    assertThatThrownBy(() -> store.append(commit(id, 8, SampleEvents.ordered(10)), stale))
        .isInstanceOf(example.restaurant.application.port.ConcurrentAppendException.class);
    assertThatCode(() -> store.append(commit(id, 9, SampleEvents.ordered(10)), stale))
        .as("a basis older than the expected version: read the stream instead").doesNotThrowAnyException();
    assertThat(store.load(id).version()).isEqualTo(10);
  }

  @Test
  void finding_a_commit_by_its_command_id_matches_all_keys_of_the_unique_index_exactly() {
    store.findCommit(id, "some-command");

    assertThat(commands).singleElement().satisfies(command -> {
      assertThat(command.getFirstKey()).isEqualTo("find");
      assertThat(command.getString("find").getValue()).isEqualTo(MongoEventStore.COMMITS);
      BsonDocument filter = command.getDocument("filter");
      assertThat(filter.keySet()).containsExactlyInAnyOrder("streamId", "commandId");
      assertThat(filter.values()).allSatisfy(value -> assertThat(value.isString()).isTrue());
    });
  }

  @Test
  void an_append_that_lost_the_race_costs_the_same_point_reads() {
    try {
      store.append(commit(id, 3, SampleEvents.ordered(9)));
    } catch (ConcurrentAppendException expected) {
      // the point of the test is what it read on the way
    }

    assertThat(commands).hasSize(3).allSatisfy(command -> {
      assertThat(command.getFirstKey()).isEqualTo("find");
      assertThat(command.getDocument("filter").values()).allSatisfy(value -> assertThat(value.isString()).isTrue());
    });
  }

  @Test
  void a_sequencer_round_looks_up_the_tickets_issued_and_a_few_beyond_not_a_whole_batch() {
    var sequencer = new example.restaurant.mongo.log.MongoSequencer(database,
        new example.restaurant.mongo.log.MongoEventLog(database), store,
        new example.restaurant.application.port.InMemoryProjectorLeases(), java.time.Clock.systemUTC(), "one",
        example.restaurant.mongo.log.MongoSequencer.Settings.defaults(), () -> {});
    while (sequencer.sequenceOnce() > 0) {
      // the 133 commits appended before
    }
    store.append(commit(id, 8, SampleEvents.ordered(9)));
    commands.clear();

    assertThat(sequencer.sequenceOnce()).isEqualTo(1);

    List<Integer> ticketsNamed = commands.stream()
        .filter(c -> c.getFirstKey().equals("find") && c.getString("find").getValue().equals(MongoEventStore.COMMITS))
        .filter(c -> c.getDocument("filter").containsKey("ticket"))
        .map(c -> c.getDocument("filter").getDocument("ticket").getArray("$in").size())
        .toList();
    // the first batch: ticket 134 and 16 beyond the counter; the next: 16 beyond, to learn nothing follows
    assertThat(ticketsNamed).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(17));
  }

  private static void isFindByExactId(BsonDocument command) {
    assertThat(command.getFirstKey()).isEqualTo("find");
    assertThat(command.getString("find").getValue()).isIn(MongoEventStore.COMMITS, MongoEventStore.STREAMS);
    BsonDocument filter = command.getDocument("filter");
    assertThat(filter.keySet()).containsExactly("_id");
    assertThat(filter.get("_id").isString()).as("an exact _id, not an operator: %s", filter).isTrue();
  }

  private static String idSought(BsonDocument command) {
    return command.getDocument("filter").getString("_id").getValue();
  }

  private static NewCommit commit(ReservationId streamId, long expectedVersion, TableEvent... events) {
    String commandId = UUID.randomUUID().toString();
    return new NewCommit(
        streamId, expectedVersion, T0, new EventMetadata(commandId, "corr", "cause"), List.of(events));
  }
}
