package example.restaurant.mongo.readmodel;

import example.restaurant.application.port.ViewStoreContract;
import example.restaurant.application.projection.ViewStores;
import example.restaurant.mongo.testing.MongoTestServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

class MongoViewStoreTest extends ViewStoreContract {

  @Override
  protected ViewStores newStores() {
    return new MongoViewStores(
        MongoTestServer.get().freshDatabase(), Clock.fixed(Instant.parse("2026-03-14T19:30:00Z"), ZoneOffset.UTC));
  }

  @Override
  protected boolean atomicSingleDocumentUpdates() {
    return MongoTestServer.get().atomicSingleDocumentUpdates();
  }
}
