package example.restaurant.application.port;

import example.restaurant.application.projection.ViewStores;

class InMemoryViewStoreTest extends ViewStoreContract {

  @Override
  protected ViewStores newStores() {
    return new InMemoryViewStores();
  }
}
