package example.restaurant.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.application.port.ProjectorLeases.Checkpoint;
import example.restaurant.application.port.ProjectorLeases.Lease;
import example.restaurant.application.port.ProjectorLeases.ProjectorState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProjectorLeases} must do. An adapter's test extends this class and hands out a fresh, empty store
 * from {@link #newLeases()}. Instants are whole milliseconds because that is what MongoDB keeps.
 */
public abstract class ProjectorLeasesContract {

  protected static final Instant T0 = Instant.parse("2026-03-14T19:30:00.123Z");
  protected static final Duration TTL = Duration.ofSeconds(10);
  protected static final String KITCHEN = "kitchen-queue";

  private ProjectorLeases leases;

  /** Leases that know no projector, called before every test. */
  protected abstract ProjectorLeases newLeases();

  @BeforeEach
  void freshLeases() {
    leases = newLeases();
  }

  private Lease acquire(String owner, Instant now) {
    return leases.tryAcquire(KITCHEN, owner, now, TTL).orElseThrow();
  }

  private Optional<ProjectorState> state() {
    return leases.states().stream().filter(s -> s.projector().equals(KITCHEN)).findFirst();
  }

  @Nested
  class Acquiring {

    @Test
    void a_new_projector_starts_at_position_0() {
      Lease lease = acquire("a", T0);

      assertThat(lease.projector()).isEqualTo(KITCHEN);
      assertThat(lease.owner()).isEqualTo("a");
      assertThat(lease.position()).isZero();
      assertThat(state()).contains(new ProjectorState(KITCHEN, "a", 0, T0.plus(TTL)));
    }

    @Test
    void is_exclusive_while_the_lease_runs() {
      acquire("a", T0);

      assertThat(leases.tryAcquire(KITCHEN, "b", T0.plus(TTL).minusMillis(1), TTL)).isEmpty();
      assertThat(state()).hasValueSatisfying(s -> assertThat(s.owner()).isEqualTo("a"));
    }

    @Test
    void leases_of_different_projectors_are_independent() {
      acquire("a", T0);

      assertThat(leases.tryAcquire("top-orders", "b", T0, TTL)).isPresent();
    }

    @Test
    void renewal_by_the_owner_keeps_the_token_and_extends_the_lease() {
      Lease first = acquire("a", T0);
      Lease renewed = acquire("a", T0.plusSeconds(8));

      assertThat(renewed.token()).isEqualTo(first.token());
      assertThat(leases.tryAcquire(KITCHEN, "b", T0.plusSeconds(12), TTL)).isEmpty();
      assertThat(state()).hasValueSatisfying(s -> assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(18)));
    }

    @Test
    void after_expiry_another_owner_takes_over_with_a_larger_token_and_the_checkpoint() {
      Lease first = acquire("a", T0);
      assertThat(leases.checkpoint(first, 42, T0.plusSeconds(1), TTL)).isTrue();

      Lease second = acquire("b", T0.plusSeconds(11));

      assertThat(second.token()).isGreaterThan(first.token());
      assertThat(second.position()).isEqualTo(42);
      assertThat(leases.tryAcquire(KITCHEN, "a", T0.plusSeconds(12), TTL)).isEmpty();
    }

    @Test
    void the_former_owner_gets_a_new_token_when_its_own_lease_had_expired() {
      Lease first = acquire("a", T0);

      Lease again = acquire("a", T0.plus(TTL));

      assertThat(again.token()).isGreaterThan(first.token());
      assertThat(leases.checkpoint(first, 5, T0.plus(TTL), TTL)).isFalse();
    }
  }

  @Nested
  class Checkpoints {

    @Test
    void save_the_position_and_extend_the_lease() {
      Lease lease = acquire("a", T0);

      assertThat(leases.checkpoint(lease, 17, T0.plusSeconds(9), TTL)).isTrue();

      assertThat(state()).contains(new ProjectorState(KITCHEN, "a", 17, T0.plusSeconds(19)));
      assertThat(leases.tryAcquire(KITCHEN, "b", T0.plusSeconds(12), TTL)).isEmpty();
      assertThat(acquire("a", T0.plusSeconds(13)).position()).isEqualTo(17);
    }

    @Test
    void under_a_stale_token_are_refused_and_write_nothing() {
      Lease stale = acquire("a", T0);
      Lease current = acquire("b", T0.plusSeconds(11));
      assertThat(leases.checkpoint(current, 30, T0.plusSeconds(12), TTL)).isTrue();

      assertThat(leases.checkpoint(stale, 99, T0.plusSeconds(13), TTL)).isFalse();

      assertThat(state()).contains(new ProjectorState(KITCHEN, "b", 30, T0.plusSeconds(22)));
      assertThat(leases.checkpoint(current, 31, T0.plusSeconds(14), TTL)).isTrue();
    }
  }

  @Nested
  class GivingUp {

    @Test
    void release_lets_another_owner_in_at_once_with_a_larger_token() {
      Lease lease = acquire("a", T0);
      leases.checkpoint(lease, 12, T0, TTL);

      leases.release(lease);

      assertThat(state()).hasValueSatisfying(s -> {
        assertThat(s.owner()).isNull();
        assertThat(s.position()).isEqualTo(12);
      });
      Lease next = acquire("b", T0.plusSeconds(1));
      assertThat(next.token()).isGreaterThan(lease.token());
      assertThat(next.position()).isEqualTo(12);
    }

    @Test
    void a_stale_release_changes_nothing() {
      Lease stale = acquire("a", T0);
      Lease current = acquire("b", T0.plusSeconds(11));

      leases.release(stale);

      assertThat(leases.tryAcquire(KITCHEN, "c", T0.plusSeconds(12), TTL)).isEmpty();
      assertThat(leases.checkpoint(current, 3, T0.plusSeconds(12), TTL)).isTrue();
    }

    @Test
    void reset_moves_the_checkpoint_and_fences_the_current_owner() {
      Lease lease = acquire("a", T0);
      leases.checkpoint(lease, 50, T0, TTL);

      leases.reset(KITCHEN, 7);

      assertThat(leases.checkpoint(lease, 51, T0.plusSeconds(1), TTL)).isFalse();
      assertThat(state()).hasValueSatisfying(s -> {
        assertThat(s.owner()).isNull();
        assertThat(s.position()).isEqualTo(7);
      });
      Lease next = acquire("b", T0.plusSeconds(1));
      assertThat(next.token()).isGreaterThan(lease.token());
      assertThat(next.position()).isEqualTo(7);
    }

    @Test
    void reset_of_an_unknown_projector_creates_it_at_that_position() {
      leases.reset("kitchen-queue#rebuild", 0);

      assertThat(leases.states()).extracting(ProjectorState::projector, ProjectorState::position, ProjectorState::owner)
          .contains(org.assertj.core.groups.Tuple.tuple("kitchen-queue#rebuild", 0L, null));
      assertThat(leases.tryAcquire("kitchen-queue#rebuild", "a", T0, TTL)).isPresent();
    }

    @Test
    void remove_forgets_the_projector() {
      Lease lease = acquire("a", T0);
      leases.checkpoint(lease, 9, T0, TTL);

      leases.remove(KITCHEN);

      assertThat(state()).isEmpty();
      assertThat(leases.checkpoint(lease, 10, T0, TTL)).isFalse();
      assertThat(acquire("b", T0).position()).isZero();
    }
  }

  @Nested
  class CheckpointOf {

    @Test
    void is_empty_for_a_projector_never_seen() {
      assertThat(leases.checkpointOf(KITCHEN)).isEmpty();
    }

    @Test
    void follows_the_owner_s_checkpoints_under_one_token() {
      Lease lease = acquire("a", T0);
      leases.checkpoint(lease, 17, T0.plusSeconds(1), TTL);
      Checkpoint first = leases.checkpointOf(KITCHEN).orElseThrow();
      acquire("a", T0.plusSeconds(2)); // a renewal
      leases.checkpoint(lease, 18, T0.plusSeconds(3), TTL);

      assertThat(first).isEqualTo(new Checkpoint(lease.token(), 17));
      assertThat(leases.checkpointOf(KITCHEN)).contains(new Checkpoint(lease.token(), 18));
    }

    @Test
    void changes_its_token_on_a_takeover_or_a_reset_even_at_the_same_position() {
      Lease lease = acquire("a", T0);
      leases.checkpoint(lease, 17, T0, TTL);
      Checkpoint before = leases.checkpointOf(KITCHEN).orElseThrow();

      Lease takenOver = acquire("b", T0.plusSeconds(11));
      Checkpoint afterTakeover = leases.checkpointOf(KITCHEN).orElseThrow();
      leases.reset(KITCHEN, 17);
      Checkpoint afterReset = leases.checkpointOf(KITCHEN).orElseThrow();

      assertThat(afterTakeover).isEqualTo(new Checkpoint(takenOver.token(), 17)).isNotEqualTo(before);
      assertThat(afterReset.position()).isEqualTo(17);
      assertThat(afterReset.token()).isGreaterThan(afterTakeover.token());
    }
  }

  @Test
  void states_list_every_projector() {
    acquire("a", T0);
    leases.tryAcquire("top-orders", "b", T0, TTL);

    assertThat(leases.states()).extracting(ProjectorState::projector)
        .containsExactlyInAnyOrder(KITCHEN, "top-orders");
  }

  @Test
  void of_16_instances_racing_for_a_free_lease_exactly_one_wins_every_round() throws Exception {
    for (int round = 0; round < 20; round++) {
      Instant now = T0.plus(TTL.multipliedBy(2L * round + 2)); // the previous round's lease has expired
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(16);
      java.util.List<java.util.concurrent.Future<Boolean>> attempts = new java.util.ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
        for (int i = 0; i < 16; i++) {
          String owner = "instance-" + i;
          attempts.add(pool.submit(() -> {
            start.await();
            return leases.tryAcquire(KITCHEN, owner, now, TTL).isPresent();
          }));
        }
        int winners = 0;
        for (var attempt : attempts) {
          winners += attempt.get() ? 1 : 0;
        }
        assertThat(winners).as("round " + round).isEqualTo(1);
      }
    }
  }
}
