package example.restaurant.mongo.readmodel;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import example.restaurant.application.port.ViewStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;

/**
 * The views of one generation of one read model in one collection, {@code _id} = the key, plus {@code position}.
 *
 * <p>Saving a view of a key already stored is a guarded upsert, filtered on {@code {_id, position: {$lte: p}}}.
 * MongoDB serves that from the {@code _id} index; the embedded server scans the collection for it, which is
 * acceptable because every read model is shaped to stay small (a document per product, per hour, per day; the
 * pending orders plus the markers of the last hour), so the scan's cost does not grow with the history.
 */
final class MongoViewStore<K, V> implements ViewStore<K, V> {

  private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
  /**
   * Replaces go in small commands: FerretDB 1.x holds a pooled SQLite connection per matched statement until its
   * update command ends, out of 100 per database, so one command of 100 replaces (or a few large ones at once) hangs
   * forever.
   */
  private static final int MAX_REPLACES_PER_COMMAND = 16;
  /**
   * Inserts go in large ones: each write command is a durable commit (an fsync on the embedded server), and a rebuild
   * writes a new generation with inserts only.
   */
  private static final int MAX_INSERTS_PER_COMMAND = 500;

  private final MongoCollection<Document> collection;
  private final int generation;
  private final ViewCodec<K, V> codec;
  private final Clock clock;
  private final Duration retention;
  private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

  MongoViewStore(
      MongoCollection<Document> collection, int generation, ViewCodec<K, V> codec, Clock clock, Duration retention) {
    this.collection = collection;
    this.generation = generation;
    this.codec = codec;
    this.clock = clock;
    this.retention = retention;
  }

  int generation() {
    return generation;
  }

  void drop() {
    collection.drop();
  }

  @Override
  public Map<K, Positioned<V>> load(Collection<K> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    List<Object> ids = keys.stream().distinct().map(codec::id).toList();
    Map<K, Positioned<V>> found = new HashMap<>();
    for (Document document : collection.find(Filters.in("_id", ids))) {
      K key = codec.key(document.get("_id"));
      found.put(key, positioned(key, document));
    }
    return found;
  }

  @Override
  public void save(Collection<ViewUpdate<K, V>> updates) {
    purgeIfDue();
    if (updates.isEmpty()) {
      return;
    }
    Collection<ViewUpdate<K, V>> latest = latestPerKey(updates);
    Map<K, Long> stored = storedPositions(latest);
    List<WriteModel<Document>> inserts = new ArrayList<>();
    List<ReplaceOneModel<Document>> insertsGuarded = new ArrayList<>();
    List<ReplaceOneModel<Document>> replaces = new ArrayList<>();
    for (ViewUpdate<K, V> update : latest) {
      Long at = stored.get(update.key());
      if (at != null && at > update.position()) {
        continue; // a newer view is stored; the guard would refuse this one anyway
      }
      Object id = codec.id(update.key());
      Document document = new Document("_id", id).append("position", update.position());
      document.putAll(codec.encode(update.view()));
      // Not an upsert: the document exists (we just read it, or an insert just told us so), so the guard either
      // replaces it or finds a newer view and matches nothing. An upsert would turn "newer view" into a duplicate
      // key, which FerretDB 1.x reports in a form the driver cannot read.
      ReplaceOneModel<Document> replace = new ReplaceOneModel<>(
          Filters.and(Filters.eq("_id", id), Filters.lte("position", update.position())),
          document,
          new ReplaceOptions().upsert(false));
      // a plain insert for a new key is checked by the unique _id index alone, which every server serves fast
      if (at == null) {
        inserts.add(new InsertOneModel<>(document));
        insertsGuarded.add(replace);
      } else {
        replaces.add(replace);
      }
    }
    List<ReplaceOneModel<Document>> raced = new ArrayList<>(write(inserts, insertsGuarded, MAX_INSERTS_PER_COMMAND));
    raced.addAll(write(replaces, replaces, MAX_REPLACES_PER_COMMAND));
    // Another writer stored the key between our read and our insert (or two upserts raced): once more, guarded,
    // settles it. Now the document exists, so the guard replaces it or finds it newer (a duplicate key again).
    write(raced, raced, MAX_REPLACES_PER_COMMAND);
  }

  /** The positions stored for these keys: one indexed {@code $in} read, so that new keys can be plainly inserted. */
  private Map<K, Long> storedPositions(Collection<ViewUpdate<K, V>> updates) {
    List<Object> ids = updates.stream().map(u -> codec.id(u.key())).toList();
    Map<K, Long> positions = new HashMap<>();
    for (Document d : collection.find(Filters.in("_id", ids)).projection(Projections.include("position"))) {
      positions.put(codec.key(d.get("_id")), ((Number) d.get("position")).longValue());
    }
    return positions;
  }

  /** Writes; returns the guarded form of each write that met a duplicate key: a newer view, or a race. */
  private List<ReplaceOneModel<Document>> write(
      List<? extends WriteModel<Document>> writes, List<ReplaceOneModel<Document>> guarded, int perCommand) {
    List<ReplaceOneModel<Document>> duplicates = new ArrayList<>();
    for (int from = 0; from < writes.size(); from += perCommand) {
      List<? extends WriteModel<Document>> chunk =
          writes.subList(from, Math.min(writes.size(), from + perCommand));
      try {
        collection.bulkWrite(chunk, new BulkWriteOptions().ordered(false));
      } catch (MongoBulkWriteException e) {
        for (BulkWriteError error : e.getWriteErrors()) {
          if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw e;
          }
          duplicates.add(guarded.get(from + error.getIndex()));
        }
        if (e.getWriteConcernError() != null) {
          throw e;
        }
      }
    }
    return duplicates;
  }

  private static <K, V> Collection<ViewUpdate<K, V>> latestPerKey(Collection<ViewUpdate<K, V>> updates) {
    Map<K, ViewUpdate<K, V>> latest = new LinkedHashMap<>();
    for (ViewUpdate<K, V> u : updates) {
      latest.merge(u.key(), u, (old, neu) -> neu.position() >= old.position() ? neu : old);
    }
    return latest.values();
  }

  private void purgeIfDue() {
    Instant now = clock.instant();
    Instant due = nextPurge.get();
    if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
      return;
    }
    // a scan, but of a collection that holds only what is pending plus the markers of the last retention period
    codec.disposable(now.minus(retention)).ifPresent(collection::deleteMany);
  }

  @Override
  public List<Positioned<V>> all() {
    List<Positioned<V>> views = new ArrayList<>();
    for (Document document : collection.find()) {
      views.add(positioned(codec.key(document.get("_id")), document));
    }
    return views;
  }

  private Positioned<V> positioned(K key, Document document) {
    return new Positioned<>(codec.decode(key, document), ((Number) document.get("position")).longValue());
  }
}
