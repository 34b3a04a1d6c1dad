package example.restaurant.mongo.readmodel;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import example.restaurant.application.port.ViewStore;
import example.restaurant.application.projection.ViewStores;
import example.restaurant.application.projection.Projection;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * The read models in generations: generation n of read model {@code kitchen-queue} lives in the collection
 * {@code rm_kitchen_queue_g<n>}; the collection {@code read_models} holds one small document per read model,
 * {@code {_id: name, generation: active, latest: highest handed out}}. A read model without that document is at
 * generation 1.
 */
public final class MongoViewStores implements ViewStores {

  static final String META = "read_models";
  public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofHours(1);

  private final MongoDatabase database;
  private final MongoCollection<Document> meta;
  private final Map<String, ViewCodec<?, ?>> codecs;
  private final Clock clock;
  private final Duration tombstoneRetention;
  private final Map<String, MongoViewStore<?, ?>> stores = new ConcurrentHashMap<>();

  public MongoViewStores(MongoDatabase database, Clock clock) {
    this(database, clock, DEFAULT_TOMBSTONE_RETENTION);
  }

  /** @param tombstoneRetention how long views that only mark something as done (served orders) are kept */
  public MongoViewStores(MongoDatabase database, Clock clock, Duration tombstoneRetention) {
    this(database, clock, tombstoneRetention, ViewCodecs.defaults());
  }

  public MongoViewStores(
      MongoDatabase database, Clock clock, Duration tombstoneRetention, Map<String, ViewCodec<?, ?>> codecs) {
    this.database = Objects.requireNonNull(database, "database");
    this.meta = database.getCollection(META);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tombstoneRetention = Objects.requireNonNull(tombstoneRetention, "tombstoneRetention");
    this.codecs = Map.copyOf(codecs);
  }

  /**
   * Resolves the active generation on every call rather than from a cache: it is one lookup by {@code _id}, and a
   * stale answer would let a projector read a generation that a rebuild has just dropped (and so fold events onto
   * empty views) or write into it (and so lose the write).
   */
  @Override
  public <K, V> ViewStore<K, V> active(Projection<K, V> projection) {
    String name = projection.name();
    ViewCodec<K, V> codec = codec(name);
    return new ViewStore<>() {
      @Override
      public Map<K, Positioned<V>> load(Collection<K> keys) {
        while (true) {
          int generation = activeGeneration(name);
          Map<K, Positioned<V>> views = store(name, generation, codec).load(keys);
          // a swap in between may have dropped what was read: read the new generation instead
          if (activeGeneration(name) == generation) {
            return views;
          }
        }
      }

      @Override
      public void save(Collection<ViewUpdate<K, V>> updates) {
        int generation = activeGeneration(name);
        MongoViewStore<K, V> store = store(name, generation, codec);
        store.save(updates);
        if (activeGeneration(name) != generation) {
          // swapped meanwhile: the write went to a replaced generation and recreated its collection. The swap
          // moved the checkpoint under a new token, so this batch is applied again to the new generation; only
          // the orphan is left to clear.
          store.drop();
        }
      }

      @Override
      public List<Positioned<V>> all() {
        while (true) {
          int generation = activeGeneration(name);
          List<Positioned<V>> views = store(name, generation, codec).all();
          if (activeGeneration(name) == generation) {
            return views;
          }
        }
      }
    };
  }

  @Override
  public <K, V> ViewStore<K, V> newGeneration(Projection<K, V> projection) {
    String name = projection.name();
    ViewCodec<K, V> codec = codec(name);
    ensureMeta(name);
    // the image before plus one: the embedded server's image after is the live document, which a concurrent $inc
    // can change before the reply is written (the same fix as MongoEventStore's tickets)
    Document before = meta.findOneAndUpdate(
        Filters.eq("_id", name),
        Updates.inc("latest", 1),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    int generation =
        ((Number) Objects.requireNonNull(before, "read model meta document").get("latest")).intValue() + 1;
    return store(name, generation, codec);
  }

  @Override
  public <K, V> void activate(Projection<K, V> projection, ViewStore<K, V> generation) {
    if (!(generation instanceof MongoViewStore<K, V> store)) {
      throw new IllegalArgumentException("not a generation of these stores: " + generation);
    }
    String name = projection.name();
    ensureMeta(name);
    Document before = meta.findOneAndUpdate(
        Filters.eq("_id", name),
        Updates.set("generation", store.generation()),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    int replaced = ((Number) Objects.requireNonNull(before, "read model meta document").get("generation")).intValue();
    if (replaced != store.generation()) {
      database.getCollection(collectionName(name, replaced)).drop();
    }
  }

  /** The collection that holds generation {@code generation} of a read model. */
  public static String collectionName(String readModel, int generation) {
    return "rm_" + readModel.replaceAll("[^A-Za-z0-9]", "_") + "_g" + generation;
  }

  /** The collection that currently serves a read model. */
  public String activeCollectionName(Projection<?, ?> projection) {
    return collectionName(projection.name(), activeGeneration(projection.name()));
  }

  private int activeGeneration(String name) {
    Document document = meta.find(Filters.eq("_id", name)).first();
    return document == null ? 1 : ((Number) document.get("generation")).intValue();
  }

  private void ensureMeta(String name) {
    try {
      meta.insertOne(new Document("_id", name).append("generation", 1).append("latest", 1));
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <K, V> MongoViewStore<K, V> store(String name, int generation, ViewCodec<K, V> codec) {
    // kept, so that each generation remembers when it last purged
    return (MongoViewStore<K, V>) stores.computeIfAbsent(collectionName(name, generation), collection ->
        new MongoViewStore<>(database.getCollection(collection), generation, codec, clock, tombstoneRetention));
  }

  @SuppressWarnings("unchecked")
  private <K, V> ViewCodec<K, V> codec(String name) {
    ViewCodec<?, ?> codec = codecs.get(name);
    if (codec == null) {
      throw new IllegalArgumentException("no view codec for read model " + name + "; known: " + codecs.keySet());
    }
    return (ViewCodec<K, V>) codec;
  }
}
