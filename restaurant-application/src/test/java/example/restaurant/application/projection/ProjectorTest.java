package example.restaurant.application.projection;

import example.restaurant.application.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.restaurant.application.port.InMemoryDeadLetters;
import example.restaurant.application.port.InMemoryEventLog;
import example.restaurant.application.port.InMemoryProjectorLeases;
import example.restaurant.application.port.InMemoryViewStore;
import example.restaurant.application.port.InMemoryViewStores;
import example.restaurant.application.port.ProjectorLeases;
import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.ProductId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProjectorTest {

  private static final Instant T0 = Instant.parse("2025-05-26T18:00:00Z");
  private static final Projector.Settings SETTINGS =
      new Projector.Settings(7, 3, Duration.ofMillis(1), Duration.ofSeconds(10));

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryEventLog log = new InMemoryEventLog();
  private final InMemoryProjectorLeases leases = new InMemoryProjectorLeases();
  private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
  private final TopOrdersProjection topOrders = new TopOrdersProjection();
  private final List<PublicEvent> events = Workload.streams(42, 6).stream().flatMap(List::stream).toList();

  private Projector<ProductId, ProductSales> projector(
      String owner, InMemoryViewStore<ProductId, ProductSales> views, ProjectorLeases leases) {
    return new Projector<>(topOrders.name(), topOrders, views, log, leases, deadLetters, clock, owner, SETTINGS);
  }

  private void logAll() {
    events.forEach(e -> log.append(e, T0));
  }

  private static void drain(Projector<?, ?> projector) {
    while (projector.step() > 0) {
      // next batch
    }
  }

  @Test
  void applies_the_whole_log_in_batches_and_checkpoints_the_head() {
    logAll();
    var views = new InMemoryViewStore<ProductId, ProductSales>();
    Projector<ProductId, ProductSales> projector = projector("a", views, leases);
    drain(projector);
    assertThat(views.snapshot()).isEqualTo(Workload.fold(topOrders, events));
    assertThat(projector.position()).isEqualTo(log.head());
    assertThat(views.saves()).isGreaterThan(1);
  }

  @Test
  void the_owner_knows_its_checkpoint_without_reading_it_and_forgets_it_when_another_takes_over() {
    logAll();
    var views = new InMemoryViewStore<ProductId, ProductSales>();
    Projector<ProductId, ProductSales> a = projector("a", views, leases);
    drain(a);
    assertThat(a.ownedCheckpoint()).isPresent().isEqualTo(leases.checkpointOf(topOrders.name()));

    clock.advance(Duration.ofSeconds(11)); // a's lease runs out
    Projector<ProductId, ProductSales> b = projector("b", views, leases);
    b.step();
    a.step();

    assertThat(a.ownedCheckpoint()).isEmpty();
    assertThat(b.ownedCheckpoint()).isEqualTo(leases.checkpointOf(topOrders.name()));
  }

  @Test
  void a_crash_between_applying_a_batch_and_saving_the_checkpoint_doubles_nothing() {
    logAll();
    var views = new InMemoryViewStore<ProductId, ProductSales>();
    AtomicBoolean crashOnce = new AtomicBoolean(true);
    ProjectorLeases crashing = new DelegatingLeases(leases) {
      @Override
      public boolean checkpoint(Lease lease, long position, Instant now, Duration ttl) {
        if (position > 7 && crashOnce.compareAndSet(true, false)) {
          throw new IllegalStateException("crash after the views were saved");
        }
        return super.checkpoint(lease, position, now, ttl);
      }
    };
    Projector<ProductId, ProductSales> projector = projector("a", views, crashing);
    projector.step();
    assertThatThrownBy(projector::step).hasMessageContaining("crash");
    drain(projector); // the same batch again, then the rest
    assertThat(views.snapshot()).isEqualTo(Workload.fold(topOrders, events));
  }

  @Test
  void a_failed_save_checkpoints_nothing_and_the_batch_is_applied_again() {
    logAll();
    var views = new InMemoryViewStore<ProductId, ProductSales>();
    Projector<ProductId, ProductSales> projector = projector("a", views, leases);
    views.failNextSave(new IllegalStateException("database away"));
    assertThatThrownBy(projector::step).hasMessageContaining("database away");
    assertThat(leases.states()).allSatisfy(s -> assertThat(s.position()).isZero());
    drain(projector);
    assertThat(views.snapshot()).isEqualTo(Workload.fold(topOrders, events));
  }

  @Test
  void unknown_event_types_are_skipped() {
    log.appendUnknown("TableRenamed", T0);
    logAll();
    var views = new InMemoryViewStore<ProductId, ProductSales>();
    drain(projector("a", views, leases));
    assertThat(views.snapshot()).isEqualTo(Workload.fold(topOrders, events));
    assertThat(deadLetters.list(topOrders.name())).isEmpty();
  }

  @Nested
  class A_poison_event {

    private final AtomicBoolean fixed = new AtomicBoolean();
    private final PublicEvent.DrinksOrdered poison = events.stream()
        .filter(PublicEvent.DrinksOrdered.class::isInstance).map(PublicEvent.DrinksOrdered.class::cast)
        .skip(2).findFirst().orElseThrow();

    private Projector<ProductId, ProductSales> fragile(InMemoryViewStore<ProductId, ProductSales> views) {
      Projection<ProductId, ProductSales> fragile = new Projection<>() {
        public String name() {
          return topOrders.name();
        }

        public Optional<ProductId> keyOf(PublicEvent event) {
          return topOrders.keyOf(event);
        }

        public ProductSales apply(ProductId key, ProductSales view, PublicEvent event) {
          if (event.equals(poison) && !fixed.get()) {
            throw new IllegalArgumentException("cannot apply this one");
          }
          return topOrders.apply(key, view, event);
        }
      };
      return new Projector<>(fragile.name(), fragile, views, log, leases, deadLetters, clock, "a", SETTINGS);
    }

    @Test
    void is_parked_with_its_error_and_later_events_are_applied() {
      logAll();
      var views = new InMemoryViewStore<ProductId, ProductSales>();
      drain(fragile(views));
      assertThat(deadLetters.list(topOrders.name())).singleElement().satisfies(p -> {
        assertThat(p.type()).isEqualTo("DrinksOrdered");
        assertThat(p.error()).contains("cannot apply this one");
      });
      ProductSales withoutPoison = views.snapshot().get(poison.order().productId());
      ProductSales expected = Workload.fold(topOrders, events).get(poison.order().productId());
      assertThat(withoutPoison.quantity()).isEqualTo(expected.quantity() - poison.order().quantity());
    }

    @Test
    void is_applied_once_when_replayed_after_the_fix() {
      logAll();
      var views = new InMemoryViewStore<ProductId, ProductSales>();
      Projector<ProductId, ProductSales> projector = fragile(views);
      drain(projector);
      long parkedAt = deadLetters.list(topOrders.name()).getFirst().position();
      fixed.set(true);
      projector.replayParked(parkedAt);
      assertThat(deadLetters.list(topOrders.name())).isEmpty();
      assertThat(views.snapshot()).isEqualTo(Workload.fold(topOrders, events));
    }
  }

  @Nested
  class Two_instances {

    @Test
    void only_one_is_active_at_a_time_and_the_other_takes_over_when_its_lease_expires() {
      logAll();
      var views = new InMemoryViewStore<ProductId, ProductSales>();
      Projector<ProductId, ProductSales> a = projector("a", views, leases);
      Projector<ProductId, ProductSales> b = projector("b", views, leases);
      assertThat(a.step()).isPositive();
      assertThat(b.step()).isZero();
      assertThat(a.active()).isTrue();
      assertThat(b.active()).isFalse();

      clock.advance(SETTINGS.leaseTime().plusSeconds(1)); // a stopped renewing
      drain(b);
      assertThat(b.active()).isTrue();
      assertThat(views.snapshot()).isEqualTo(Workload.fold(topOrders, events));
    }

    @Test
    void a_paused_former_owner_cannot_overwrite_its_successors_checkpoint() {
      logAll();
      var views = new InMemoryViewStore<ProductId, ProductSales>();
      var staleLease = leases.tryAcquire(topOrders.name(), "a", clock.instant(), SETTINGS.leaseTime()).orElseThrow();
      clock.advance(SETTINGS.leaseTime().plusSeconds(1));
      drain(projector("b", views, leases));
      assertThat(leases.checkpoint(staleLease, 3, clock.instant(), SETTINGS.leaseTime())).isFalse();
      assertThat(leases.states()).singleElement().satisfies(s -> {
        assertThat(s.owner()).isEqualTo("b");
        assertThat(s.position()).isEqualTo(log.head());
      });
    }
  }

  @Test
  void a_rebuilt_read_model_equals_the_incrementally_built_one() {
    InMemoryViewStores stores = new InMemoryViewStores();
    List<Projection<?, ?>> projections = List.of(
        new KitchenQueueProjection(), topOrders, new SalesPerMinuteProjection(), new ReservedTablesProjection());
    try (ProjectionRuntime runtime = new ProjectionRuntime(
        projections, log, leases, deadLetters, stores, clock, "a", SETTINGS, Duration.ofMillis(5))) {
      events.subList(0, events.size() / 2).forEach(e -> log.append(e, T0));
      runtime.start();
      assertThat(runtime.awaitPosition(log.head(), Duration.ofSeconds(10))).isTrue();
      events.subList(events.size() / 2, events.size()).forEach(e -> log.append(e, T0));
      runtime.wake();
      assertThat(runtime.awaitPosition(log.head(), Duration.ofSeconds(10))).isTrue();
      Map<?, ?> incremental = stores.activeGeneration(topOrders).snapshot();

      runtime.rebuild(topOrders.name());

      assertThat(stores.activeGeneration(topOrders).snapshot()).isEqualTo(incremental)
          .isEqualTo(Workload.fold(topOrders, events));
      assertThat(runtime.statuses()).allSatisfy(s -> assertThat(s.lag()).isZero());
    }
  }


  private static class DelegatingLeases implements ProjectorLeases {
    private final ProjectorLeases delegate;

    DelegatingLeases(ProjectorLeases delegate) {
      this.delegate = delegate;
    }

    public Optional<Lease> tryAcquire(String projector, String owner, Instant now, Duration ttl) {
      return delegate.tryAcquire(projector, owner, now, ttl);
    }

    public boolean checkpoint(Lease lease, long position, Instant now, Duration ttl) {
      return delegate.checkpoint(lease, position, now, ttl);
    }

    public void release(Lease lease) {
      delegate.release(lease);
    }

    public void reset(String projector, long position) {
      delegate.reset(projector, position);
    }

    public void remove(String projector) {
      delegate.remove(projector);
    }

    public List<ProjectorState> states() {
      return delegate.states();
    }

    public Optional<Checkpoint> checkpointOf(String projector) {
      return delegate.checkpointOf(projector);
    }
  }
}
