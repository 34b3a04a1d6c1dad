package example.restaurant.application.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.restaurant.application.port.AppendResult;
import example.restaurant.application.port.ConcurrentAppendException;
import example.restaurant.application.port.EventMetadata;
import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.EventStream;
import example.restaurant.application.port.InMemoryEventStore;
import example.restaurant.application.port.NewCommit;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.domain.table.DrinksOrder;
import example.restaurant.domain.table.GuestCount;
import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.PartyName;
import example.restaurant.domain.table.ProductId;
import example.restaurant.domain.table.Quantity;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableCommand;
import example.restaurant.domain.table.TableEvent;
import example.restaurant.domain.table.TableId;
import example.restaurant.domain.table.TableRuleViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TableCommandHandlerTest {

  private static final Instant T0 = Instant.parse("2025-05-26T18:00:00Z");
  private final ReservationId id = ReservationId.random();
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final TableCommandHandler handler = new TableCommandHandler(store);

  private static CommandContext fresh() {
    String commandId = UUID.randomUUID().toString();
    return new CommandContext(commandId, commandId, commandId, false, OptionalLong.empty());
  }

  private static CommandContext ifMatch(long version) {
    String commandId = UUID.randomUUID().toString();
    return new CommandContext(commandId, commandId, commandId, false, OptionalLong.of(version));
  }

  private static CommandContext repeatable(String commandId) {
    return new CommandContext(commandId, "corr", "cause", true, OptionalLong.empty());
  }

  private TableCommand.ReserveTable reserve(int guests, Instant now) {
    return new TableCommand.ReserveTable(
        id, new TableId(3), new PartyName("Jansen"), T0.plusSeconds(3600), new GuestCount(guests), now);
  }

  private static TableCommand.OrderDrinks order(OrderId orderId, int quantity, Instant now) {
    return new TableCommand.OrderDrinks(
        new DrinksOrder(orderId, new ProductId(1), "Cola", new Quantity(quantity), Money.of("2.50"), null), now);
  }

  private List<TableEvent> events() {
    return store.load(id).events().stream().map(RecordedEvent::event).toList();
  }

  @Nested
  class Given_no_reservation {

    @Test
    void reserving_starts_the_stream_at_version_1() {
      CommandOutcome outcome = handler.handle(id, reserve(2, T0), fresh());
      assertThat(outcome.version()).isEqualTo(1);
      assertThat(outcome.recorded()).isTrue();
      assertThat(events()).hasSize(1).first().isInstanceOf(TableEvent.TableReserved.class);
    }

    @Test
    void any_other_command_is_not_found_even_with_an_if_match() {
      assertThatThrownBy(() -> handler.handle(id, order(OrderId.random(), 1, T0), ifMatch(3)))
          .isInstanceOf(TableRuleViolation.ReservationNotFound.class);
      assertThat(store.load(id).isEmpty()).isTrue();
    }
  }

  @Nested
  class Given_a_reservation {

    @Test
    void records_the_metadata_and_the_time_of_the_command() {
      handler.handle(id, reserve(2, T0), new CommandContext("cmd-1", "corr-1", "cause-1", false, OptionalLong.empty()));
      RecordedEvent recorded = store.load(id).events().getFirst();
      assertThat(recorded.metadata()).isEqualTo(new EventMetadata("cmd-1", "corr-1", "cause-1"));
      assertThat(recorded.occurredAt()).isEqualTo(T0);
    }

    @Test
    void time_in_a_stream_never_runs_backwards() {
      handler.handle(id, reserve(2, T0), fresh());
      handler.handle(id, order(OrderId.random(), 1, T0.minusSeconds(5)), fresh());
      assertThat(store.load(id).events()).extracting(RecordedEvent::occurredAt).containsExactly(T0, T0);
    }

    @Test
    void an_if_match_on_another_version_is_refused_and_writes_nothing() {
      handler.handle(id, reserve(2, T0), fresh());
      assertThatThrownBy(() -> handler.handle(id, order(OrderId.random(), 1, T0), ifMatch(2)))
          .isInstanceOfSatisfying(VersionMismatchException.class, e -> assertThat(e.actual()).isEqualTo(1));
      assertThat(events()).hasSize(1);
    }

    @Test
    void an_if_match_on_the_current_version_is_accepted() {
      handler.handle(id, reserve(2, T0), fresh());
      assertThat(handler.handle(id, order(OrderId.random(), 1, T0), ifMatch(1)).version()).isEqualTo(2);
    }

    @Test
    void the_same_order_again_writes_nothing_and_answers_the_current_version() {
      handler.handle(id, reserve(2, T0), fresh());
      OrderId orderId = OrderId.random();
      handler.handle(id, order(orderId, 1, T0), fresh());
      CommandOutcome again = handler.handle(id, order(orderId, 1, T0), fresh());
      assertThat(again.recorded()).isFalse();
      assertThat(again.version()).isEqualTo(2);
      assertThat(events()).hasSize(2);
    }

    @Test
    void a_repeated_command_id_writes_nothing_and_answers_the_first_outcome() {
      handler.handle(id, reserve(2, T0), fresh());
      OrderId orderId = OrderId.random();
      CommandOutcome first = handler.handle(id, order(orderId, 1, T0), repeatable("key-1"));
      var serve = new TableCommand.ServeDrinks(orderId, T0);
      handler.handle(id, serve, repeatable("key-2"));
      // the same serve again would break a rule now; as the same command it is recognised instead
      CommandOutcome again = handler.handle(id, serve, repeatable("key-2"));
      assertThat(first.recorded()).isTrue();
      assertThat(again.recorded()).isFalse();
      assertThat(again.version()).isEqualTo(3);
      assertThat(events()).hasSize(3);
    }
  }

  @Nested
  class When_another_writer_appends_first {

    @Test
    void the_command_is_decided_again_on_the_fresh_state() {
      handler.handle(id, reserve(1, T0), fresh());
      // another instance orders the party's last two drinks between our load and our append
      EventStore racing = new RacingStore(store, () -> store.append(commitOf(order(OrderId.random(), 2, T0))));
      TableCommandHandler racer = new TableCommandHandler(racing);
      assertThatThrownBy(() -> racer.handle(id, order(OrderId.random(), 1, T0), fresh()))
          .isInstanceOf(TableRuleViolation.TooManyDrinks.class);
      assertThat(events()).hasSize(2);
      assertThat(racer.appendConflicts()).isEqualTo(1);
    }

    @Test
    void with_an_if_match_the_command_is_refused_instead_of_retried() {
      handler.handle(id, reserve(4, T0), fresh());
      EventStore racing = new RacingStore(store, () -> store.append(commitOf(order(OrderId.random(), 2, T0))));
      assertThatThrownBy(() -> new TableCommandHandler(racing).handle(id, order(OrderId.random(), 1, T0), ifMatch(1)))
          .isInstanceOfSatisfying(VersionMismatchException.class, e -> assertThat(e.actual()).isEqualTo(2));
      assertThat(events()).hasSize(2);
    }

    @Test
    void it_gives_up_after_a_bounded_number_of_attempts() {
      handler.handle(id, reserve(4, T0), fresh());
      AtomicInteger appends = new AtomicInteger();
      EventStore alwaysLosing = new DelegatingStore(store) {
        @Override
        public AppendResult append(NewCommit commit) {
          appends.incrementAndGet();
          throw new ConcurrentAppendException(commit.streamId(), commit.expectedVersion());
        }
      };
      assertThatThrownBy(() -> new TableCommandHandler(alwaysLosing, 5).handle(id, order(OrderId.random(), 1, T0),
          fresh())).isInstanceOf(ContentionException.class);
      assertThat(appends).hasValue(5);
      assertThat(events()).hasSize(1);
    }

    private NewCommit commitOf(TableCommand.OrderDrinks command) {
      return new NewCommit(
          id, store.load(id).version(), T0, new EventMetadata("other", "other", "other"),
          List.of(new TableEvent.DrinksOrdered(command.order())));
    }
  }

  @Test
  void sixty_concurrent_orders_for_ten_guests_record_exactly_twenty_drinks() throws Exception {
    handler.handle(id, reserve(10, T0), fresh());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(60)) {
      for (int i = 0; i < 60; i++) {
        results.add(pool.submit(() -> {
          start.await();
          try {
            handler.handle(id, order(OrderId.random(), 1, T0), fresh());
            return true;
          } catch (TableRuleViolation.TooManyDrinks refused) {
            return false;
          }
        }));
      }
      start.countDown();
      int accepted = 0;
      for (Future<Boolean> result : results) {
        accepted += result.get() ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(20);
    }
    assertThat(events()).filteredOn(TableEvent.DrinksOrdered.class::isInstance).hasSize(20);
  }

  /** Lets another writer append once, right after this handler loaded the stream. */
  private static final class RacingStore extends DelegatingStore {
    private final Runnable otherWriter;
    private final AtomicBoolean raced = new AtomicBoolean();

    RacingStore(EventStore delegate, Runnable otherWriter) {
      super(delegate);
      this.otherWriter = otherWriter;
    }

    @Override
    public EventStream load(ReservationId streamId) {
      EventStream stream = super.load(streamId);
      if (raced.compareAndSet(false, true)) {
        otherWriter.run();
      }
      return stream;
    }
  }

  private static class DelegatingStore implements EventStore {
    private final EventStore delegate;

    DelegatingStore(EventStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public EventStream load(ReservationId streamId) {
      return delegate.load(streamId);
    }

    @Override
    public AppendResult append(NewCommit commit) {
      return delegate.append(commit);
    }

    @Override
    public Optional<AppendResult> findCommit(ReservationId streamId, String commandId) {
      return delegate.findCommit(streamId, commandId);
    }
  }
}
