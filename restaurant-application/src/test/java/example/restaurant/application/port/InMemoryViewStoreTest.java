package example.restaurant.application.port;

class InMemoryViewStoreTest extends ViewStoreContract {

  @Override
  protected ViewStores newStores() {
    return new InMemoryViewStores();
  }
}
