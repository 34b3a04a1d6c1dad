package example.restaurant.application.port;

import static example.restaurant.application.port.SampleEvents.order;
import static example.restaurant.application.port.SampleEvents.ordered;
import static example.restaurant.application.port.SampleEvents.reserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PaymentMethod;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableEvent.BillPaid;
import example.restaurant.domain.table.TableEvent.DrinksOrderCancelled;
import example.restaurant.domain.table.TableEvent.DrinksOrdered;
import example.restaurant.domain.table.TableEvent.DrinksServed;
import example.restaurant.domain.table.TableEvent.TableLeft;
import example.restaurant.domain.table.TableEvent.TableReserved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link EventStore} must do. An adapter's test extends this class and hands out a fresh, empty store
 * from {@link #newStore()}.
 *
 * <p>Instants are whole milliseconds because that is what MongoDB keeps.
 */
public abstract class EventStoreContract {

  protected static final Instant T0 = Instant.parse("2026-03-14T19:30:00.123Z");

  private EventStore store;

  /** A new store that holds no events, called before every test. */
  protected abstract EventStore newStore();

  protected EventStore store() {
    return store;
  }

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void an_unknown_stream_loads_empty_at_version_0() {
    ReservationId id = ReservationId.random();

    EventStream stream = store().load(id);

    assertThat(stream).isNotNull();
    assertThat(stream.streamId()).isEqualTo(id);
    assertThat(stream.events()).isEmpty();
    assertThat(stream.version()).isZero();
  }

  @Test
  void every_event_type_is_loaded_back_with_all_its_fields_its_time_and_its_metadata() {
    ReservationId id = ReservationId.random();
    OrderId served = OrderId.random();
    OrderId cancelled = OrderId.random();
    List<TableEvent> events =
        List.of(
            reserved(id),
            new DrinksOrdered(order(served, 3, Money.ofCents(250), "no ice, lemon")),
            new DrinksOrdered(order(cancelled, 1, Money.ofCents(1_999), "")),
            new DrinksServed(served),
            new DrinksOrderCancelled(cancelled, "guest changed their mind"),
            new BillPaid(Money.ofCents(1_000), PaymentMethod.CARD, Money.ofCents(250)),
            new TableLeft());
    EventMetadata metadata = new EventMetadata("cmd-1", "corr-1", "cause-1");

    store().append(new NewCommit(id, 0, T0, metadata, events));

    EventStream stream = store().load(id);
    assertThat(stream.events()).extracting(RecordedEvent::event).containsExactlyElementsOf(events);
    assertThat(stream.events()).extracting(RecordedEvent::occurredAt).containsOnly(T0);
    assertThat(stream.events()).extracting(RecordedEvent::metadata).containsOnly(metadata);
  }

  @Test
  void missing_optional_texts_are_loaded_back_as_null_and_each_commit_keeps_its_own_time_and_metadata() {
    ReservationId id = ReservationId.random();
    OrderId orderId = OrderId.random();
    EventMetadata first = new EventMetadata("cmd-a", "corr-a", "cause-a");
    EventMetadata second = new EventMetadata("cmd-b", "corr-b", "cmd-a");
    Instant later = T0.plusSeconds(61).plusMillis(7);

    store().append(new NewCommit(id, 0, T0, first, List.of(reserved(id), ordered(orderId, 2, null))));
    store().append(new NewCommit(id, 2, later, second, List.of(new DrinksOrderCancelled(orderId, null))));

    List<RecordedEvent> events = store().load(id).events();
    assertThat(events)
        .extracting(RecordedEvent::event)
        .containsExactly(reserved(id), ordered(orderId, 2, null), new DrinksOrderCancelled(orderId, null));
    assertThat(events).extracting(RecordedEvent::occurredAt).containsExactly(T0, T0, later);
    assertThat(events).extracting(RecordedEvent::metadata).containsExactly(first, first, second);
  }

  @Test
  void versions_start_at_1_and_stay_contiguous_over_several_commits() {
    ReservationId id = ReservationId.random();

    AppendResult first = store().append(commit(id, 0, reserved(id)));
    AppendResult several =
        store().append(commit(id, 1, ordered(OrderId.random(), 1), ordered(OrderId.random(), 1), ordered(2)));
    AppendResult last = store().append(commit(id, 4, ordered(3)));

    assertThat(first).isEqualTo(new AppendResult(1, 1, false));
    assertThat(several).isEqualTo(new AppendResult(2, 4, false));
    assertThat(last).isEqualTo(new AppendResult(5, 5, false));
    EventStream stream = store().load(id);
    assertThat(stream.events()).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(stream.version()).isEqualTo(5);
  }

  @Test
  void an_append_at_a_stale_expected_version_throws_and_writes_nothing() {
    ReservationId id = ReservationId.random();
    store().append(commit(id, 0, reserved(id)));
    store().append(commit(id, 1, ordered(1)));
    EventStream before = store().load(id);

    assertThatThrownBy(() -> store().append(commit(id, 1, ordered(2), ordered(3))))
        .isInstanceOf(ConcurrentAppendException.class);
    assertThatThrownBy(() -> store().append(commit(id, 0, reserved(id))))
        .isInstanceOf(ConcurrentAppendException.class);

    assertThat(store().load(id)).isEqualTo(before);
  }

  @Test
  void an_append_at_a_version_the_stream_has_not_reached_throws_and_writes_nothing() {
    ReservationId id = ReservationId.random();
    store().append(commit(id, 0, reserved(id)));
    EventStream before = store().load(id);

    assertThatThrownBy(() -> store().append(commit(id, 3, ordered(1))))
        .isInstanceOf(ConcurrentAppendException.class);

    assertThat(store().load(id)).isEqualTo(before);
    assertThat(store().append(commit(id, 1, ordered(1))).firstVersion()).isEqualTo(2);
  }

  @Test
  void a_command_already_stored_writes_nothing_and_returns_the_first_result_whatever_its_expected_version() {
    ReservationId id = ReservationId.random();
    EventMetadata metadata = new EventMetadata("cmd-order", "corr", "cause");
    store().append(commit(id, 0, reserved(id)));
    NewCommit order = new NewCommit(id, 1, T0, metadata, List.of(ordered(1), ordered(2)));
    AppendResult first = store().append(order);
    store().append(commit(id, 3, ordered(3)));
    EventStream before = store().load(id);

    AppendResult sameAgain = store().append(order);
    AppendResult atCurrentVersion = store().append(new NewCommit(id, 3, T0, metadata, List.of(ordered(4))));
    AppendResult atFutureVersion = store().append(new NewCommit(id, 9, T0, metadata, List.of(ordered(5))));

    assertThat(first).isEqualTo(new AppendResult(2, 3, false));
    assertThat(List.of(sameAgain, atCurrentVersion, atFutureVersion)).containsOnly(new AppendResult(2, 3, true));
    assertThat(store().load(id)).isEqualTo(before);
  }

  @Test
  void a_stored_command_is_found_by_its_id_in_its_own_stream_only() {
    ReservationId id = ReservationId.random();
    ReservationId other = ReservationId.random();
    store().append(commit(id, 0, reserved(id)));
    store().append(new NewCommit(id, 1, T0, new EventMetadata("cmd-x", "c", "c"), List.of(ordered(1), ordered(2))));

    Optional<AppendResult> found = store().findCommit(id, "cmd-x");

    assertThat(found).hasValueSatisfying(result -> {
      assertThat(result.firstVersion()).isEqualTo(2);
      assertThat(result.lastVersion()).isEqualTo(3);
    });
    assertThat(store().findCommit(id, "never-sent")).isEmpty();
    assertThat(store().findCommit(other, "cmd-x")).isEmpty();
  }

  @Test
  void the_same_command_id_in_another_stream_is_another_command() {
    ReservationId one = ReservationId.random();
    ReservationId two = ReservationId.random();
    EventMetadata metadata = new EventMetadata("client-key-1", "corr", "cause");

    AppendResult first = store().append(new NewCommit(one, 0, T0, metadata, List.of(reserved(one))));
    AppendResult second = store().append(new NewCommit(two, 0, T0, metadata, List.of(reserved(two))));

    assertThat(first).isEqualTo(new AppendResult(1, 1, false));
    assertThat(second).isEqualTo(new AppendResult(1, 1, false));
    assertThat(store().load(two).events()).extracting(RecordedEvent::event).containsExactly(reserved(two));
  }

  @Test
  void streams_are_independent() {
    ReservationId one = ReservationId.random();
    ReservationId two = ReservationId.random();

    store().append(commit(one, 0, reserved(one)));
    store().append(commit(two, 0, reserved(two)));
    store().append(commit(one, 1, ordered(1)));
    store().append(commit(two, 1, ordered(2), ordered(3)));
    store().append(commit(one, 2, ordered(4)));

    assertThat(store().load(one).events())
        .extracting(RecordedEvent::version, RecordedEvent::event)
        .containsExactly(
            tuple(1L, reserved(one)),
            tuple(2L, ordered(1)),
            tuple(3L, ordered(4)));
    assertThat(store().load(two).events())
        .extracting(RecordedEvent::version, RecordedEvent::event)
        .containsExactly(
            tuple(1L, reserved(two)),
            tuple(2L, ordered(2)),
            tuple(3L, ordered(3)));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void of_16_writers_racing_at_the_same_version_exactly_one_wins_each_round() throws Exception {
    int writers = 16;
    int rounds = 30;
    ReservationId id = ReservationId.random();
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < rounds; round++) {
        long expected = round;
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
          TableEvent event = expected == 0 ? reserved(id) : ordered(writer + 1);
          NewCommit commit = commit(id, expected, event);
          outcomes.add(pool.submit(() -> {
            start.await(30, TimeUnit.SECONDS);
            try {
              AppendResult result = store().append(commit);
              assertThat(result).isEqualTo(new AppendResult(expected + 1, expected + 1, false));
              return true;
            } catch (ConcurrentAppendException lost) {
              return false;
            }
          }));
        }
        int winners = 0;
        for (Future<Boolean> outcome : outcomes) {
          winners += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).as("winners of round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    EventStream stream = store().load(id);
    assertThat(stream.events())
        .extracting(RecordedEvent::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, rounds).boxed().toList());
    assertThat(stream.events().getFirst().event()).isInstanceOf(TableReserved.class);
  }

  protected static NewCommit commit(ReservationId id, long expectedVersion, TableEvent... events) {
    String commandId = UUID.randomUUID().toString();
    return new NewCommit(
        id, expectedVersion, T0, new EventMetadata(commandId, "corr-" + commandId, "cause-" + commandId),
        List.of(events));
  }
}
