package example.restaurant.mongo.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import example.restaurant.application.port.EventMetadata;
import example.restaurant.application.port.NewCommit;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.application.port.SampleEvents;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PaymentMethod;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableEvent.BillPaid;
import example.restaurant.domain.table.TableEvent.DrinksOrderCancelled;
import example.restaurant.domain.table.TableEvent.DrinksServed;
import example.restaurant.domain.table.TableEvent.TableLeft;
import example.restaurant.mongo.testing.MongoTestServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the store leaves in the database: documents a person can read and that outlive renames in code. */
class MongoEventStoreDocumentsTest {

  private static final Instant T0 = Instant.parse("2026-03-14T19:30:00.123Z");
  private static final Instant RECORDED = Instant.parse("2026-03-14T19:30:01.456Z");

  private final MongoDatabase database = MongoTestServer.get().freshDatabase();
  private final MongoCollection<Document> commits = database.getCollection(MongoEventStore.COMMITS);
  private final ReservationId id = ReservationId.random();
  private final OrderId orderId = new OrderId(UUID.fromString("0b7c2f4e-8d1a-4c39-9e57-3f6a1d2b8c90"));

  @Nested
  class A_commit {

    private final MongoEventStore store =
        new MongoEventStore(database, Clock.fixed(RECORDED, ZoneOffset.UTC), Upcaster.NONE);

    @Test
    void is_one_document_per_command_with_its_metadata_times_and_a_ticket_of_the_global_order() {
      store.append(
          new NewCommit(
              id, 0, T0, new EventMetadata("cmd-1", "corr-1", "cause-1"),
              List.of(SampleEvents.reserved(id), SampleEvents.ordered(orderId, 2, null))));

      Document commit = commits.find(Filters.eq("_id", id + ":1")).first();

      assertThat(commits.countDocuments()).isEqualTo(1);
      assertThat(commit)
          .containsEntry("streamId", id.toString())
          .containsEntry("firstVersion", 1L)
          .containsEntry("lastVersion", 2L)
          .containsEntry("commandId", "cmd-1")
          .containsEntry("correlationId", "corr-1")
          .containsEntry("causationId", "cause-1")
          .containsEntry("occurredAt", Date.from(T0))
          .containsEntry("recordedAt", Date.from(RECORDED))
          .containsEntry("ticket", 1L);
      List<Document> events = commit.getList("events", Document.class);
      assertThat(events).extracting(e -> e.get("version")).containsExactly(1L, 2L);
      assertThat(events).extracting(e -> e.get("type")).containsExactly("TableReserved", "DrinksOrdered");
      assertThat(events).extracting(e -> e.get("schemaVersion")).containsExactly(1, 1);
    }

    @Test
    void keeps_event_data_as_readable_fields_with_money_in_whole_cents() {
      store.append(
          new NewCommit(
              id, 0, T0, new EventMetadata("cmd-1", "corr-1", "cause-1"),
              List.of(
                  SampleEvents.reserved(id),
                  SampleEvents.ordered(orderId, 2, null),
                  new DrinksServed(orderId),
                  new DrinksOrderCancelled(orderId, "spilled"),
                  new BillPaid(Money.of("12.34"), PaymentMethod.CARD, Money.of("0.05")),
                  new TableLeft())));

      Document commit = commits.find(Filters.eq("_id", id + ":1")).first();
      List<Document> data = commit.getList("events", Document.class).stream().map(e -> e.get("data", Document.class))
          .toList();

      assertThat(data.get(0))
          .isEqualTo(
              new Document("reservationId", id.toString())
                  .append("tableId", 7)
                  .append("name", "Ada Lovelace")
                  .append("dateTime", Date.from(SampleEvents.DINNER))
                  .append("nrOfGuests", 4));
      assertThat(data.get(1))
          .isEqualTo(
              new Document("orderId", "0b7c2f4e-8d1a-4c39-9e57-3f6a1d2b8c90")
                  .append("productId", 12)
                  .append("productName", "Product 2")
                  .append("quantity", 2)
                  .append("unitPriceCents", 345L)
                  .append("comment", null));
      assertThat(data.get(2)).isEqualTo(new Document("orderId", orderId.toString()));
      assertThat(data.get(3)).isEqualTo(new Document("orderId", orderId.toString()).append("reason", "spilled"));
      assertThat(data.get(4))
          .isEqualTo(new Document("amountCents", 1234L).append("method", "CARD").append("tipCents", 5L));
      assertThat(data.get(5)).isEqualTo(new Document());
      assertNoClassNamesAndNoFractions(commit);
      assertNoClassNamesAndNoFractions(database.getCollection(MongoEventStore.STREAMS).find().first());
    }

    private static void assertNoClassNamesAndNoFractions(Object value) {
      switch (value) {
        case Map<?, ?> document -> {
          assertThat(document.containsKey("_class")).isFalse();
          document.values().forEach(A_commit::assertNoClassNamesAndNoFractions);
        }
        case Collection<?> list -> list.forEach(A_commit::assertNoClassNamesAndNoFractions);
        case String text -> assertThat(text).doesNotContain("example.restaurant").doesNotContain("$");
        case null -> {}
        default ->
            assertThat(value).isInstanceOfAny(Integer.class, Long.class, Date.class, Boolean.class);
      }
    }
  }

  @Nested
  class An_event_of_an_older_schema_version {

    // Schema 0 of DrinksOrdered, as an earlier release might have written it: a nested product, a decimal string.
    private final Document schemaZero =
        new Document("orderId", "0b7c2f4e-8d1a-4c39-9e57-3f6a1d2b8c90")
            .append("product", new Document("id", 12).append("name", "Product 2"))
            .append("quantity", 2)
            .append("price", "3.45")
            .append("note", "with ice");

    private final Upcaster drinksOrderedFromZero =
        (type, fromSchemaVersion, data) -> {
          assertThat(type).isEqualTo("DrinksOrdered");
          assertThat(fromSchemaVersion).isZero();
          Document product = data.get("product", Document.class);
          return new Document("orderId", data.get("orderId"))
              .append("productId", product.get("id"))
              .append("productName", product.get("name"))
              .append("quantity", data.get("quantity"))
              .append("unitPriceCents", new BigDecimal(data.getString("price")).movePointRight(2).longValueExact())
              .append("comment", data.get("note"));
        };

    @Test
    void is_upcast_on_read_and_left_as_it_was_stored() {
      MongoEventStore store = new MongoEventStore(database, Clock.systemUTC(), drinksOrderedFromZero);
      store.append(commit(0, SampleEvents.reserved(id)));
      insertRawCommit(2, "DrinksOrdered", 0, schemaZero);

      List<RecordedEvent> events = store.load(id).events();

      assertThat(events)
          .extracting(RecordedEvent::event)
          .containsExactly(SampleEvents.reserved(id), SampleEvents.ordered(orderId, 2, "with ice"));
      assertThat(events.get(1).version()).isEqualTo(2);
      assertThat(store.append(commit(2, new DrinksServed(orderId))).firstVersion()).isEqualTo(3);
      assertThat(store.load(id).events().get(1).event()).isEqualTo(SampleEvents.ordered(orderId, 2, "with ice"));
      Document stored = commits.find(Filters.eq("_id", id + ":2")).first().getList("events", Document.class).get(0);
      assertThat(stored).containsEntry("schemaVersion", 0).containsEntry("data", schemaZero);
    }

    @Test
    void fails_loudly_when_no_upcaster_knows_it() {
      MongoEventStore store = new MongoEventStore(database);
      store.append(commit(0, SampleEvents.reserved(id)));
      insertRawCommit(2, "DrinksOrdered", 0, schemaZero);

      assertThatThrownBy(() -> store.load(id))
          .isInstanceOf(UnreadableEventException.class)
          .hasMessageContaining("event 2 of stream " + id)
          .hasMessageContaining("no upcaster for DrinksOrdered from schema version 0");
    }
  }

  @Test
  void an_unknown_stored_type_fails_loudly_naming_it() {
    MongoEventStore store = new MongoEventStore(database);
    store.append(commit(0, SampleEvents.reserved(id)));
    insertRawCommit(2, "TableMoved", 1, new Document("tableId", 9));

    assertThatThrownBy(() -> store.load(id))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("event 2 of stream " + id)
        .hasMessageContaining("unknown stored event type 'TableMoved'");
  }

  @Test
  void a_schema_version_newer_than_the_code_fails_loudly() {
    MongoEventStore store = new MongoEventStore(database);
    store.append(commit(0, SampleEvents.reserved(id)));
    insertRawCommit(2, "DrinksServed", 2, new Document("orderId", orderId.toString()));

    assertThatThrownBy(() -> store.load(id))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("DrinksServed has schema version 2 but this service reads up to 1");
  }

  @Test
  void money_stored_as_a_fraction_is_refused_rather_than_rounded() {
    MongoEventStore store = new MongoEventStore(database);
    store.append(commit(0, SampleEvents.reserved(id)));
    insertRawCommit(
        2, "BillPaid", 1, new Document("amountCents", 12.5).append("method", "CASH").append("tipCents", 0L));

    assertThatThrownBy(() -> store.load(id))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("amountCents must be a whole number");
  }

  private void insertRawCommit(long version, String type, int schemaVersion, Document data) {
    commits.insertOne(
        new Document("_id", id + ":" + version)
            .append("streamId", id.toString())
            .append("firstVersion", version)
            .append("lastVersion", version)
            .append("commandId", "raw-" + version)
            .append("correlationId", "corr")
            .append("causationId", "cause")
            .append("occurredAt", Date.from(T0))
            .append("recordedAt", Date.from(T0))
            .append("ticket", -version)
            .append(
                "events",
                List.of(
                    new Document("version", version)
                        .append("type", type)
                        .append("schemaVersion", schemaVersion)
                        .append("data", data))));
  }

  private NewCommit commit(long expectedVersion, TableEvent... events) {
    String commandId = UUID.randomUUID().toString();
    return new NewCommit(id, expectedVersion, T0, new EventMetadata(commandId, "corr", "cause"), List.of(events));
  }
}
