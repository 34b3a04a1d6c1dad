package example.restaurant.mongo.eventstore;

import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.EventStoreContract;
import example.restaurant.mongo.testing.MongoTestServer;

class MongoEventStoreTest extends EventStoreContract {

  @Override
  protected EventStore newStore() {
    return new MongoEventStore(MongoTestServer.get().freshDatabase());
  }
}
