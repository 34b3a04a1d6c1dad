package example.restaurant.application.port;

class InMemoryProjectorLeasesTest extends ProjectorLeasesContract {

  @Override
  protected ProjectorLeases newLeases() {
    return new InMemoryProjectorLeases();
  }
}
