package example.restaurant.mongo.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import example.restaurant.application.port.IdempotencyRecord;
import example.restaurant.application.port.IdempotencyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembered responses in the collection {@code idempotency}, one document per scoped key with the key as
 * {@code _id}: every read is an exact {@code _id} lookup. Expiry is checked on read, because a TTL index is not
 * available on every MongoDB-compatible server (and deletes lazily where it is).
 */
public final class MongoIdempotencyStore implements IdempotencyStore {

  static final String COLLECTION = "idempotency";

  private static final Logger log = LoggerFactory.getLogger(MongoIdempotencyStore.class);

  private final MongoCollection<Document> records;
  private final Clock clock;

  public MongoIdempotencyStore(MongoDatabase database, Clock clock) {
    this.records = database.getCollection(COLLECTION);
    this.clock = Objects.requireNonNull(clock, "clock");
    createTtlIndex();
  }

  private void createTtlIndex() {
    try {
      records.createIndex(
          Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS).name("expiresAt_ttl"));
    } catch (MongoException e) {
      log.info("no TTL index on {} ({}); expired keys are ignored on read instead", COLLECTION, e.getCode());
    }
  }

  @Override
  public Optional<IdempotencyRecord> find(String key) {
    Document found = records.find(new Document("_id", key)).first();
    if (found == null) {
      return Optional.empty();
    }
    IdempotencyRecord record = decode(found);
    return record.expiresAt().isAfter(clock.instant()) ? Optional.of(record) : Optional.empty();
  }

  @Override
  public void save(IdempotencyRecord record) {
    Document document = encode(record);
    try {
      records.insertOne(document);
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // the key is taken: replace it only if that record has expired, so the first live outcome stays
      records.replaceOne(
          new Document("_id", record.key()).append("expiresAt", new Document("$lte", Date.from(clock.instant()))),
          document);
    }
  }

  private static Document encode(IdempotencyRecord record) {
    return new Document("_id", record.key())
        .append("requestHash", record.requestHash())
        .append("status", record.status())
        .append("contentType", record.contentType())
        .append("location", record.location())
        .append("body", record.body())
        .append("expiresAt", Date.from(record.expiresAt()));
  }

  private static IdempotencyRecord decode(Document document) {
    Instant expiresAt = document.getDate("expiresAt").toInstant();
    return new IdempotencyRecord(
        document.getString("_id"),
        document.getString("requestHash"),
        ((Number) document.get("status")).intValue(),
        document.getString("contentType"),
        document.getString("location"),
        document.getString("body"),
        expiresAt);
  }
}
