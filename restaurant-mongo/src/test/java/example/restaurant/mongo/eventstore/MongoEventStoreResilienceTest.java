package example.restaurant.mongo.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import example.restaurant.application.port.AppendResult;
import example.restaurant.application.port.EventMetadata;
import example.restaurant.application.port.EventStream;
import example.restaurant.application.port.NewCommit;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.application.port.SampleEvents;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableEvent.DrinksServed;
import example.restaurant.mongo.testing.MongoTestServer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The snapshot is only a cache: whatever happens to it, or between the steps of an append, the commits decide. */
class MongoEventStoreResilienceTest {

  private static final Instant T0 = Instant.parse("2026-03-14T19:30:00.123Z");

  private final MongoDatabase database = MongoTestServer.get().freshDatabase();
  private final MongoEventStore store = new MongoEventStore(database);
  private final MongoCollection<Document> snapshots = database.getCollection(MongoEventStore.STREAMS);
  private final ReservationId id = ReservationId.random();

  @Test
  void an_append_stopped_after_its_commit_was_inserted_still_loads_the_whole_commit() {
    store.append(commit(0, SampleEvents.reserved(id)));
    store.afterCommitInserted(() -> {
      throw new SimulatedCrash();
    });
    NewCommit interrupted = commit(1, SampleEvents.ordered(1), SampleEvents.ordered(2), SampleEvents.ordered(3));

    assertThatThrownBy(() -> store.append(interrupted)).isInstanceOf(SimulatedCrash.class);

    MongoEventStore restarted = new MongoEventStore(database);
    assertThat(restarted.load(id).events())
        .extracting(RecordedEvent::event)
        .containsExactly(SampleEvents.reserved(id), SampleEvents.ordered(1), SampleEvents.ordered(2), SampleEvents.ordered(3));
    assertThat(snapshotVersion()).isEqualTo(1);
    assertThat(restarted.append(interrupted)).isEqualTo(new AppendResult(2, 4, true));
    AppendResult next = restarted.append(commit(4, new DrinksServed(OrderId.random())));
    assertThat(next.firstVersion()).isEqualTo(5);
    assertThat(snapshotVersion()).isEqualTo(5);
  }

  @Test
  void a_missing_snapshot_still_loads_the_full_stream() {
    EventStream before = appendFiveVersions();

    snapshots.deleteOne(Filters.eq("_id", id.toString()));

    assertThat(store.load(id)).isEqualTo(before);
  }

  @Test
  void a_snapshot_overwritten_by_an_older_one_still_loads_the_full_stream() {
    store.append(commit(0, SampleEvents.reserved(id)));
    store.append(commit(1, SampleEvents.ordered(1)));
    Document old = snapshots.find(Filters.eq("_id", id.toString())).first();
    store.append(commit(2, SampleEvents.ordered(2), SampleEvents.ordered(3)));
    store.append(commit(4, SampleEvents.ordered(4)));
    EventStream before = store.load(id);

    snapshots.replaceOne(Filters.eq("_id", id.toString()), old);

    assertThat(snapshotVersion()).isEqualTo(2);
    assertThat(store.load(id)).isEqualTo(before);
    assertThat(before.version()).isEqualTo(5);
  }

  @Test
  void a_snapshot_with_holes_in_its_versions_is_ignored() {
    EventStream before = appendFiveVersions();
    Document snapshot = snapshots.find(Filters.eq("_id", id.toString())).first();
    List<Document> events = snapshot.getList("events", Document.class);

    snapshots.replaceOne(
        Filters.eq("_id", id.toString()),
        new Document("_id", id.toString())
            .append("version", 5L)
            .append("events", List.of(events.get(0), events.get(2))));

    assertThat(store.load(id)).isEqualTo(before);
  }

  @Test
  void an_append_on_a_stale_snapshot_keeps_the_stream_contiguous() {
    EventStream before = appendFiveVersions();
    snapshots.deleteOne(Filters.eq("_id", id.toString()));

    AppendResult result = store.append(commit(5, SampleEvents.ordered(9)));

    assertThat(result).isEqualTo(new AppendResult(6, 6, false));
    assertThat(snapshotVersion()).isEqualTo(6);
    assertThat(store.load(id).events()).hasSize(6).startsWith(before.events().toArray(RecordedEvent[]::new));
  }

  private EventStream appendFiveVersions() {
    store.append(commit(0, SampleEvents.reserved(id)));
    store.append(commit(1, SampleEvents.ordered(1), SampleEvents.ordered(2)));
    store.append(commit(3, SampleEvents.ordered(3)));
    store.append(commit(4, SampleEvents.ordered(4)));
    EventStream stream = store.load(id);
    assertThat(stream.version()).isEqualTo(5);
    return stream;
  }

  private long snapshotVersion() {
    return snapshots.find(Filters.eq("_id", id.toString())).first().getLong("version");
  }

  private NewCommit commit(long expectedVersion, TableEvent... events) {
    String commandId = UUID.randomUUID().toString();
    return new NewCommit(id, expectedVersion, T0, new EventMetadata(commandId, "corr", "cause"), List.of(events));
  }

  private static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash() {
      super("simulated crash between the commit insert and the snapshot write");
    }
  }
}
