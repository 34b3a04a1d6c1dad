package example.restaurant.mongo.eventstore;

import example.restaurant.domain.table.TableEvent;
import org.bson.Document;

/**
 * Bench-only access to the event store's own encoding (package-private in the product), so that seeded commit
 * documents have exactly the shape {@link MongoEventStore} writes. Lives in the store's package for that reason only.
 */
public final class StoreShapes {

  private StoreShapes() {}

  public static Document encode(TableEvent event) {
    return EventCodec.encode(event);
  }

  public static String commitId(String streamId, long firstVersion) {
    return MongoEventStore.commitId(streamId, firstVersion);
  }
}
