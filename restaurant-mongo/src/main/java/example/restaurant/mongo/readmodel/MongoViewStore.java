package example.restaurant.mongo.readmodel;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
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
 * <p>A new key is inserted; a stored one is replaced by compare-and-set on the position just read
 * ({@code {_id, position}}, exact on a unique index of those two keys, which even the embedded server serves from
 * the index), so a view is never replaced by one that reflects an earlier position. A writer that loses a race reads
 * the position again and either writes again or finds the stored view newer.
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
  private static final int MAX_SAVE_ATTEMPTS = 10;
  static final String ID_POSITION_INDEX = "_id_position";

  private final MongoCollection<Document> collection;
  private final int generation;
  private final ViewCodec<K, V> codec;
  private final Clock clock;
  private final Duration retention;
  private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);
  private volatile boolean indexed;

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
    ensureIndex();
    Map<K, ViewUpdate<K, V>> pending = new LinkedHashMap<>();
    latestPerKey(updates).forEach(u -> pending.put(u.key(), u));
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      if (attempt > MAX_SAVE_ATTEMPTS) {
        throw new IllegalStateException("views " + pending.keySet() + " of " + collection.getNamespace()
            + " kept changing under this writer; the batch is tried again");
      }
      Map<K, Long> stored = storedPositions(pending.values());
      List<Object> insertKeys = new ArrayList<>();
      List<WriteModel<Document>> inserts = new ArrayList<>();
      List<Object> replaceKeys = new ArrayList<>();
      List<WriteModel<Document>> replaces = new ArrayList<>();
      for (ViewUpdate<K, V> update : List.copyOf(pending.values())) {
        Long at = stored.get(update.key());
        if (at != null && at > update.position()) {
          pending.remove(update.key()); // the stored view reflects a later position: it stays
          continue;
        }
        Object id = codec.id(update.key());
        Document document = new Document("_id", id).append("position", update.position());
        document.putAll(codec.encode(update.view()));
        if (at == null) {
          // a new key: a plain insert, checked by the unique _id index alone, which every server serves fast
          inserts.add(new InsertOneModel<>(document));
          insertKeys.add(update.key());
        } else {
          // Compare-and-set on the position just read: replaces only the view we saw, so a newer one is never moved
          // back. The filter is exact on all keys of the unique index {_id, position}, which the embedded server
          // serves from the index ({_id, position: {$lte}} made it scan the collection for every write); on MongoDB
          // the _id index serves either. Not an upsert: FerretDB 1.x reports an upsert's duplicate key in a form
          // the driver cannot read.
          replaces.add(new ReplaceOneModel<>(
              new Document("_id", id).append("position", at), document, new ReplaceOptions().upsert(false)));
          replaceKeys.add(update.key());
        }
      }
      // what was written leaves pending; a key another writer changed in between (a duplicate key on insert, no
      // match on replace) is read again and written again, or dropped when the stored view is now newer
      written(write(inserts, MAX_INSERTS_PER_COMMAND, false), insertKeys).forEach(pending::remove);
      written(write(replaces, MAX_REPLACES_PER_COMMAND, true), replaceKeys).forEach(pending::remove);
    }
  }

  private static List<Object> written(boolean[] done, List<Object> keys) {
    List<Object> result = new ArrayList<>();
    for (int i = 0; i < done.length; i++) {
      if (done[i]) {
        result.add(keys.get(i));
      }
    }
    return result;
  }

  private void ensureIndex() {
    if (!indexed) {
      collection.createIndex(Indexes.ascending("_id", "position"),
          new IndexOptions().unique(true).name(ID_POSITION_INDEX));
      indexed = true;
    }
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

  /**
   * Writes in chunks; returns, per write, whether it certainly took effect. An insert that met a duplicate key did
   * not; a replace chunk that matched fewer documents than it holds leaves all its writes uncertain (the next round
   * reads their positions and finds out).
   */
  private boolean[] write(List<WriteModel<Document>> writes, int perCommand, boolean replaces) {
    boolean[] done = new boolean[writes.size()];
    for (int from = 0; from < writes.size(); from += perCommand) {
      int to = Math.min(writes.size(), from + perCommand);
      List<WriteModel<Document>> chunk = writes.subList(from, to);
      java.util.Arrays.fill(done, from, to, true);
      try {
        BulkWriteResult result = collection.bulkWrite(chunk, new BulkWriteOptions().ordered(false));
        if (replaces && result.getMatchedCount() < chunk.size()) {
          java.util.Arrays.fill(done, from, to, false);
        }
      } catch (MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null) {
          throw e;
        }
        for (BulkWriteError error : e.getWriteErrors()) {
          if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw e;
          }
          done[from + error.getIndex()] = false;
        }
        if (replaces && e.getWriteResult().getMatchedCount() < chunk.size() - e.getWriteErrors().size()) {
          java.util.Arrays.fill(done, from, to, false);
        }
      }
    }
    return done;
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
