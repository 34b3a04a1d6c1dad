package example.restaurant.mongo.idempotency;

import example.restaurant.application.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.application.port.IdempotencyRecord;
import example.restaurant.mongo.testing.MongoTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MongoIdempotencyStoreTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-05-26T17:00:00Z"));
  private MongoIdempotencyStore store;

  @BeforeEach
  void freshDatabase() {
    store = new MongoIdempotencyStore(MongoTestServer.get().freshDatabase(), clock);
  }

  @Test
  void an_unknown_key_is_not_found() {
    assertThat(store.find("nope")).isEmpty();
  }

  @Test
  void a_saved_record_is_found_with_all_its_fields_until_it_expires() {
    IdempotencyRecord record = record("k1", "hash-a", 201, Duration.ofHours(24));
    store.save(record);

    assertThat(store.find("k1")).contains(record);
    clock.advance(Duration.ofHours(24));
    assertThat(store.find("k1")).isEmpty();
  }

  @Test
  void the_first_live_record_of_a_key_wins() {
    store.save(record("k2", "hash-a", 201, Duration.ofHours(24)));
    store.save(record("k2", "hash-b", 422, Duration.ofHours(24)));

    assertThat(store.find("k2")).hasValueSatisfying(r -> assertThat(r.requestHash()).isEqualTo("hash-a"));
  }

  @Test
  void an_expired_record_is_replaced_by_a_new_one() {
    store.save(record("k3", "hash-a", 201, Duration.ofHours(24)));
    clock.advance(Duration.ofHours(25));
    store.save(record("k3", "hash-b", 200, Duration.ofHours(24)));

    assertThat(store.find("k3")).hasValueSatisfying(r -> assertThat(r.requestHash()).isEqualTo("hash-b"));
  }

  private IdempotencyRecord record(String key, String hash, int status, Duration ttl) {
    return new IdempotencyRecord(
        key, hash, status, "application/json", "/api/reservations/x", "{\"a\":1}",
        clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

}
