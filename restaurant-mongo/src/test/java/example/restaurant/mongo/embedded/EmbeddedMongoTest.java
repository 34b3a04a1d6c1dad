package example.restaurant.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

final class EmbeddedMongoTest {

  @TempDir
  Path directory;

  @Test
  void inMemoryServerListensOnLoopbackWithoutAFile() {
    try (EmbeddedMongo mongo = EmbeddedMongo.startInMemory();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + mongo.port());
      assertThat(mongo.dataFile()).isNull();
      client.getDatabase("test").getCollection("things").insertOne(new Document("_id", 1));
      assertThat(client.getDatabase("test").getCollection("things").countDocuments()).isEqualTo(1);
    }
  }

  @Test
  void inMemoryServerAnswersHelloAsAWritablePrimary() {
    try (EmbeddedMongo mongo = EmbeddedMongo.startInMemory()) {
      assertAnswersHello(mongo);
    }
  }

  @Test
  void durableServerAnswersHelloAsAWritablePrimary() {
    try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(directory.resolve("hello.mv.db"))) {
      assertAnswersHello(mongo);
    }
  }

  private static void assertAnswersHello(EmbeddedMongo mongo) {
    try (MongoClient client = MongoClients.create(mongo.connectionString())) {
      Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
      assertThat(hello.get("isWritablePrimary")).isEqualTo(true);
      assertThat(hello.get("ok", Number.class).doubleValue()).isEqualTo(1.0);
      assertThat(hello.get("maxWireVersion", Number.class).intValue()).isPositive();
      // any database, as the health indicator of Spring Boot uses the application's one
      assertThat(client.getDatabase("restaurant").runCommand(new Document("hello", 1)).get("isWritablePrimary"))
          .isEqualTo(true);
    }
  }

  @Test
  void dataAndUniqueIndexesSurviveACleanCloseAndReopen() {
    Path file = directory.resolve("nested").resolve("dirs").resolve("reopen.mv.db");
    try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(file);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertThat(mongo.dataFile()).isEqualTo(file.toAbsolutePath());
      MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
      things.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true).name("key_unique"));
      for (int i = 0; i < 100; i++) {
        things.insertOne(new Document("_id", i).append("key", "k" + i));
      }
      things.deleteOne(new Document("_id", 7));
      things.updateOne(new Document("_id", 8), new Document("$set", new Document("updated", true)));
    }
    assertThat(file).exists();

    try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(file);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
      assertThat(things.countDocuments()).isEqualTo(99);
      assertThat(things.find(new Document("_id", 7)).first()).isNull();
      assertThat(things.find(new Document("_id", 8)).first()).containsEntry("updated", true);
      List<String> indexes = new ArrayList<>();
      things.listIndexes().forEach(index -> indexes.add(index.getString("name")));
      assertThat(indexes).contains("key_unique");
      assertThatThrownBy(() -> things.insertOne(new Document("_id", 1000).append("key", "k1")))
          .isInstanceOf(MongoWriteException.class)
          .hasMessageContaining("duplicate key");
    }
  }

  @Test
  void closeIsIdempotent() {
    EmbeddedMongo mongo = EmbeddedMongo.startDurable(directory.resolve("twice.mv.db"));
    mongo.close();
    mongo.close();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fileSizeStaysBoundedWhileEveryInsertIsSynced() throws Exception {
    Path file = directory.resolve("size.mv.db");
    int documents = 5_000;
    long sizeWhileOpen;
    try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(file);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
      things.insertOne(new Document("_id", "warm-up"));
      long start = System.nanoTime();
      for (int i = 0; i < documents; i++) {
        things.insertOne(new Document("_id", i).append("name", "document " + i).append("size", i % 7));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      sizeWhileOpen = Files.size(file);
      System.out.printf("durable: %,d inserts in %.1f s = %,.0f inserts/s, one at a time; file %,d bytes"
          + " (%,d bytes per document) before close%n", documents, seconds, documents / seconds, sizeWhileOpen,
          sizeWhileOpen / documents);
      assertThat(things.countDocuments()).isEqualTo(documents + 1);
    }
    long sizeAfterClose = Files.size(file);
    System.out.printf("durable: file %,d bytes after close%n", sizeAfterClose);
    // Bounded, not minimal: freed chunks are kept half a second before reuse (DurableH2Backend.RETENTION_MILLIS,
    // needed so a kill -9 cannot lose acknowledged writes), so at full speed the file carries about half a second of
    // rewritten chunks: ~10 KB per document here (it was ~2.5 KB with no retention, which was not crash-safe).
    assertThat(sizeWhileOpen).isLessThan(100L * 1024 * 1024);
    assertThat(sizeAfterClose).isLessThan(100L * 1024 * 1024);

    try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(file);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertThat(client.getDatabase("test").getCollection("things").countDocuments()).isEqualTo(documents + 1);
    }
  }
}
