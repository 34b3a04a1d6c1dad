package example.restaurant.application.port;

class InMemoryEventStoreTest extends EventStoreContract {

  @Override
  protected EventStore newStore() {
    return new InMemoryEventStore();
  }
}
