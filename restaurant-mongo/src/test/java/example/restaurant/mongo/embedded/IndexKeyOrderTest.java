package example.restaurant.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server's unique indexes compare keys by value in files created by this version, and keep H2's
 * serialized order in files written before: either way every exact lookup and every uniqueness check must hold, also
 * after the file is opened again.
 */
class IndexKeyOrderTest {

  @TempDir
  Path directory;

  /** Keys of every kind the service and its tests use, and a few it does not, in one index each. */
  private static List<Object> keys() {
    List<Object> keys = new ArrayList<>();
    for (long i = 0; i < 300; i++) {
      keys.add(i);
      keys.add("stream-" + i + ":" + (i % 7));
      keys.add(i + 0.5);
      keys.add(new UUID(i, i * 31).toString());
    }
    keys.add(new Date(1_700_000_000_000L));
    keys.add(true);
    keys.add(new Document("hour", 5).append("day", "mon"));
    keys.add(new Document("list", List.of(1, 2, 3)));
    keys.add(new ObjectId("65a1b2c3d4e5f60718293a4b"));
    keys.add(Long.MAX_VALUE); // cannot be a double: stays a Long in the key
    return keys;
  }

  private static void fill(MongoCollection<Document> things) {
    things.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
    things.createIndex(Indexes.ascending("stream", "version"), new IndexOptions().unique(true));
    int n = 0;
    for (Object key : keys()) {
      things.insertOne(new Document("_id", n).append("key", key).append("stream", "s" + (n % 13))
          .append("version", n / 13));
      n++;
    }
  }

  private static void check(MongoCollection<Document> things) {
    int n = 0;
    for (Object key : keys()) {
      assertThat(things.find(Filters.eq("key", key)).first()).as("lookup of %s", key)
          .isNotNull().extracting(d -> d.get("_id")).isEqualTo(n);
      assertThat(things.find(Filters.and(Filters.eq("stream", "s" + (n % 13)), Filters.eq("version", n / 13)))
          .first()).isNotNull().extracting(d -> d.get("_id")).isEqualTo(n);
      int id = n;
      assertThatThrownBy(() -> things.insertOne(new Document("_id", 100_000 + id).append("key", key)))
          .isInstanceOfSatisfying(MongoWriteException.class, e ->
              assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
      n++;
    }
    assertThat(things.find(Filters.in("_id", List.of(0, 1, 2, 999_999))).into(new ArrayList<>())).hasSize(3);
    assertThat(things.find(Filters.eq("key", "no such key")).first()).isNull();
    assertThat(things.find(Filters.eq("key", 3)).first()).as("an int finds the number stored as a long")
        .isNotNull();
  }

  @Test
  void a_new_file_compares_index_keys_by_value_and_keeps_doing_so_after_a_restart() {
    Path file = directory.resolve("new.mv.db");
    DurableH2Backend backend = DurableH2Backend.open(file);
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
      MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
      fill(things);
      check(things);
      assertThat(backend.comparesIndexKeysByValue()).isTrue();
      assertThat(backend.getMvStore().openMap("test.things._index_key_1").getKeyType())
          .isInstanceOf(IndexKeyType.class);
    } finally {
      server.shutdown();
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(file);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      check(client.getDatabase("test").getCollection("things"));
    }
  }

  @Test
  void the_value_order_is_a_total_order_that_agrees_with_equals() {
    IndexKeyType type = new IndexKeyType();
    List<de.bwaldvogel.mongo.backend.KeyValue> sample = new ArrayList<>();
    for (Object key : keys()) {
      sample.add(new de.bwaldvogel.mongo.backend.KeyValue(key).normalized());
      sample.add(new de.bwaldvogel.mongo.backend.KeyValue("s", key).normalized());
    }
    for (var a : sample) {
      for (var b : sample.subList(0, 120)) {
        int ab = type.compare(a, b);
        assertThat(Integer.signum(ab)).isEqualTo(-Integer.signum(type.compare(b, a)));
        assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
      }
    }
  }

  @Test
  void a_file_written_before_keeps_its_serialized_order_and_all_its_lookups() {
    Path file = directory.resolve("legacy.mv.db");
    MongoServer stock = new MongoServer(new H2Backend(file.toString()));
    stock.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + stock.getLocalAddress().getPort())) {
      fill(client.getDatabase("test").getCollection("things"));
    } finally {
      stock.shutdown();
    }

    DurableH2Backend reopened = DurableH2Backend.open(file);
    assertThat(reopened.comparesIndexKeysByValue()).isFalse();
    reopened.close();
    try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(file);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
      check(things);
      // a collection and index created now in that file follow the file's order too
      MongoCollection<Document> more = client.getDatabase("test").getCollection("more");
      fill(more);
      check(more);
    }
  }
}
